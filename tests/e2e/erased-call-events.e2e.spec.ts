import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { type ApiClient, apiClient, onlineDriver } from '../support/http-client.js';
import { type SseMessage, devToken, openSse } from '../support/sse-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const run = promisify(execFile);
const carol = {
  id: 'p-carol-stream',
  pickup: { lat: 37.5701, lng: 126.9831, address: 'Carol Home, 7 Samcheong-ro' },
  destination: { lat: 37.5133, lng: 127.1001, address: 'Carol Work, Teheran-ro 99' },
};
const REASON = 'Carol Yoon asked to cancel, call her back on 010-5555-0199';
const SECRETS = [carol.id, 'Carol Home', 'Carol Work', 'Carol Yoon', '010-5555-0199'];

const statusesOf = (messages: SseMessage[]) => messages.filter((message) => message.event === 'status');

describe('The live call stream after the passenger was erased', () => {
  let app: TestApp;
  let api: ApiClient;
  let operatorToken: string;
  before(async () => {
    app = await startTestApp({ AUTO_DISPATCH: 'off', SSE_HEARTBEAT_MS: '200' });
    api = apiClient(app.url);
    operatorToken = await devToken(app.url, 'operator', 'ops-stream');
  });
  after(async () => app?.stop());

  /** Every status the stream replays for the call, as an operator watching it sees them. */
  const replay = async (callId: string, lastEventId?: string): Promise<SseMessage[]> => {
    const stream = await openSse(`${app.url}/api/calls/${callId}/events`, {
      authorization: `Bearer ${operatorToken}`,
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    });
    expect(stream.status).to.equal(200);
    try {
      return statusesOf(await stream.waitFor((messages) => statusesOf(messages).some((m) => m.data.status === 'CANCELLED')));
    } finally {
      stream.close();
    }
  };

  const expectErased = (messages: SseMessage[], when: string) => {
    const text = JSON.stringify(messages);
    for (const secret of SECRETS) expect(text, `${when}: ${secret}`).not.to.contain(secret);
    const cancelled = messages.find((m) => m.data.status === 'CANCELLED')!;
    expect(cancelled.data.call, when).to.deep.include({ passengerId: '[erased]', cancelReason: '[erased]' });
    expect(cancelled.data.call.pickup, when).to.deep.equal({ lat: null, lng: null, address: '[erased]' });
  };

  it('replays the call as GET /api/calls/:callId shows it, with or without Last-Event-ID, and after a rebuild', async function () {
    this.timeout(60_000);
    const driverId = await onlineDriver(api, 'Streamed');
    const callId = (await api.post('/api/calls', { passengerId: carol.id, pickup: carol.pickup, destination: carol.destination })).body.callId;
    expect((await api.post(`/api/calls/${callId}/accept`, { driverId })).status).to.equal(200);
    const operator = api.as({ role: 'operator', subject: 'ops-stream' });
    expect((await operator.post(`/api/calls/${callId}/cancel`, { reason: REASON })).status).to.equal(200);
    const before = await replay(callId);
    expect(JSON.stringify(before)).to.contain('Carol Yoon');

    expect((await operator.request('DELETE', `/api/passengers/${carol.id}`)).status).to.equal(200);
    expect((await operator.get(`/api/calls/${callId}`)).body).to.deep.include({ passengerId: '[erased]', cancelReason: '[erased]' });

    const all = await replay(callId);
    expect(all.map((m) => m.data.status)).to.deep.equal(before.map((m) => m.data.status));
    expectErased(all, 'from the start');
    expectErased(await replay(callId, all.at(-2)!.id!), 'after Last-Event-ID');

    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['EVENTSTORE_URL', 'MONGO_URL', 'MONGO_DB'].includes(name)));
    await run(process.execPath, ['--import', 'tsx', 'src/infrastructure/cli/cli.ts', 'projections', 'rebuild', '--all'], {
      env: { ...env, DATA_DIR: app.dataDir },
    });
    expectErased(await replay(callId), 'after a rebuild');
  });
});
