import { expect } from 'chai';
import { send } from '../../src/application/aggregates.js';
import type { CommandHandler } from '../../src/application/command-handler.js';
import type { Clock } from '../../src/application/ports/clock.js';
import { TOKENS } from '../../src/infrastructure/tokens.js';
import { type ApiClient, apiClient, onlineDriver, requestRide } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

type Item = { kind: string; callId?: string; driverId?: string; since: string };

describe('What needs the dispatch centre’s attention, and drivers silent too long', () => {
  let app: TestApp;
  let api: ApiClient;
  let now = Date.parse('2026-03-02T10:00:00.000Z');
  const clock: Clock = { now: () => new Date(now) };
  const later = (ms: number) => new Date(now + ms).toISOString();
  before(async () => {
    app = await startTestApp({ AUTO_DISPATCH: 'off', STUCK_AFTER_MS: '60000', DRIVER_STALE_AFTER_MS: '30000' }, { clock });
    api = apiClient(app.url);
  });
  after(async () => app.stop());

  /** Read once the read models reached the log's head (the route's own bounded wait). */
  const attention = async (): Promise<Item[]> => (await api.get('/api/attention')).body.items;
  const accepted = async (passengerId: string) => {
    const driverId = await onlineDriver(api, 'Att');
    const callId = await requestRide(api, passengerId);
    const accept = await api.post(`/api/calls/${callId}/accept`, { driverId });
    return { callId, driverId, acceptedAt: new Date(now).toISOString(), position: accept.body.position as number };
  };

  it('lists a call dispatched without arrival or start for longer than STUCK_AFTER_MS, from then on', async () => {
    const { callId } = await accepted('p-stuck');
    const stuckSince = later(60_000);
    expect((await attention()).filter((item) => item.callId === callId)).to.deep.equal([]);
    now += 61_000;
    expect((await attention()).filter((item) => item.callId === callId)).to.deep.equal([{ kind: 'STUCK_DISPATCHED', callId, since: stuckSince }]);
  });

  it('lists a ride driving for longer than twice its estimate plus STUCK_AFTER_MS', async () => {
    const { callId, driverId } = await accepted('p-long');
    const started = await api.post(`/api/calls/${callId}/start`, { driverId });
    const entry = await api.get(`/api/calls/${callId}?minPosition=${started.body.position}`);
    const limitMs = 2 * entry.body.estimate.durationSeconds * 1000 + 60_000;
    const longSince = new Date(Date.parse(entry.body.startedAt) + limitMs).toISOString();
    now += limitMs - 1_000;
    expect((await attention()).filter((item) => item.callId === callId)).to.deep.equal([]);
    now += 2_000;
    expect((await attention()).filter((item) => item.callId === callId)).to.deep.equal([{ kind: 'LONG_RIDE', callId, since: longSince }]);
  });

  it('lists a driver held by a call that is over', async () => {
    const { callId, driverId } = await accepted('p-over');
    await api.post(`/api/calls/${callId}/start`, { driverId });
    const finished = await api.post(`/api/calls/${callId}/finish`, { driverId });
    // A reservation left behind (what a crash between two writes could leave) holds the driver again.
    const commands = app.container.get<CommandHandler>(TOKENS.CommandHandler);
    const context = { correlationId: callId, causationId: 'test', actor: { role: 'system' as const, id: 'test' }, timestamp: later(0) };
    await send(commands, { aggregate: 'driver', id: driverId, command: { type: 'AssignDriver', data: { driverId, callId, at: later(0) } } }, context);
    const entry = await api.get(`/api/calls/${callId}?minPosition=${finished.body.position}`);
    expect((await attention()).filter((item) => item.driverId === driverId)).to.deep.equal([
      { kind: 'DRIVER_BUSY_WITHOUT_RIDE', driverId, callId, since: entry.body.finishedAt },
    ]);
  });

  it('is for operators only', async () => {
    const refused = await api.as({ role: 'driver', subject: 'd-1' }).get('/api/attention');
    expect([refused.status, refused.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
  });

  it('refuses to assign a driver silent for longer than DRIVER_STALE_AFTER_MS with DRIVER_AWAY, until the next ping', async () => {
    const driverId = await onlineDriver(api, 'Silent');
    const callId = await requestRide(api, 'p-away');
    now += 31_000;
    const away = await api.post(`/api/calls/${callId}/assign`, { driverId });
    expect([away.status, away.body.error.code]).to.deep.equal([409, 'DRIVER_AWAY']);
    await api.as({ role: 'driver', subject: driverId }).request('PUT', `/api/drivers/${driverId}/location`, { lat: 37.5547, lng: 126.9707 });
    const assigned = await api.post(`/api/calls/${callId}/assign`, { driverId });
    expect([assigned.status, assigned.body.driverId]).to.deep.equal([200, driverId]);
  });
});
