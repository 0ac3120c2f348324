import { expect } from 'chai';
import { type ApiClient, apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { dispatchOf, fastDispatchEnv } from '../support/dispatch.js';
import { eventually } from '../support/eventually.js';
import { type SseClient, type SseMessage, devToken, openSse } from '../support/sse-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** Status changes only: the stream also carries `event: taxi` updates while a taxi is assigned. */
const onlyStatus = (messages: SseMessage[]) => messages.filter((m) => m.event === 'status');
const statuses = (messages: SseMessage[]) =>
  onlyStatus(messages).map((m) => `${m.data.status}${m.data.paymentStatus ? `/${m.data.paymentStatus}` : ''}`);
const has = (status: string) => (messages: SseMessage[]) => statuses(messages).includes(status);

describe('Live call status over Server-Sent Events', () => {
  let app: TestApp;
  let api: ApiClient;
  let passengerToken: string;
  const passengerId = 'p-live';

  before(async () => {
    app = await startTestApp(fastDispatchEnv({ AUTO_DISPATCH: 'off', SSE_HEARTBEAT_MS: '200' }));
    api = apiClient(app.url);
    passengerToken = await devToken(app.url, 'passenger', passengerId);
  });
  after(async () => app?.stop());

  const watch = (callId: string, lastEventId?: string): Promise<SseClient> =>
    openSse(`${app.url}/api/calls/${callId}/events`, {
      authorization: `Bearer ${passengerToken}`,
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    });

  it('shows each status change once, in order, and resumes after a reconnect without a gap', async function () {
    this.timeout(20_000);
    const driverId = await onlineDriver(api, 'Live');
    const callId = (await api.post('/api/calls', { passengerId, pickup: seoul.station, destination: seoul.gangnam })).body.callId as string;

    const first = await watch(callId);
    expect(first.status).to.equal(200);
    await first.waitFor(has('REQUESTED'));
    await api.post(`/api/calls/${callId}/accept`, { driverId });
    await first.waitFor(has('DISPATCHED'));
    await api.post(`/api/calls/${callId}/start`, { driverId });
    await first.waitFor(has('DRIVING'));
    // The passenger's connection drops here; the ride goes on.
    first.close();
    const seen = onlyStatus(first.messages);
    const finished = await api.post(`/api/calls/${callId}/finish`, { driverId });
    expect(finished.status).to.equal(200);

    const resumed = await watch(callId, seen.at(-1)!.id!);
    try {
      const rest = await resumed.waitFor(has('FINISHED/APPROVED'), 10_000);
      const all = [...seen, ...onlyStatus(rest)];
      expect(statuses(all)).to.deep.equal(['REQUESTED', 'DISPATCHED', 'DRIVING', 'FINISHED', 'FINISHED/PENDING', 'FINISHED/APPROVED']);
      const ids = all.map((m) => Number(m.id));
      expect(ids).to.deep.equal([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).to.equal(ids.length);
      expect(onlyStatus(rest).at(-1)!.data.call).to.include({ callId, status: 'FINISHED', paymentStatus: 'APPROVED', driverId });
      // Nothing more arrives but heartbeats.
      await resumed.waitFor(() => resumed.comments.filter((c) => c === 'heartbeat').length >= 2, 5_000);
      expect(statuses(resumed.messages)).to.deep.equal(['FINISHED', 'FINISHED/PENDING', 'FINISHED/APPROVED']);
    } finally {
      resumed.close();
    }

    // A new connection without Last-Event-ID gets the whole story, same ids.
    const replay = await watch(callId);
    try {
      await replay.waitFor(has('FINISHED/APPROVED'));
      expect(onlyStatus(replay.messages).map((m) => m.id)).to.deep.equal([...seen, ...onlyStatus(resumed.messages)].map((m) => m.id));
    } finally {
      replay.close();
    }
  });

  it('shows a cancellation, and closes its listener when the client goes away', async function () {
    this.timeout(10_000);
    const { tail } = dispatchOf(app.container);
    const callId = (await api.post('/api/calls', { passengerId, pickup: seoul.station, destination: seoul.gangnam })).body.callId as string;
    const listenersBefore = tail.listenerCount;
    const stream = await watch(callId);
    await stream.waitFor(has('REQUESTED'));
    expect(tail.listenerCount).to.equal(listenersBefore + 1);
    await api.post(`/api/calls/${callId}/cancel`, { reason: 'changed my mind' });
    await stream.waitFor(has('CANCELLED'));
    expect(statuses(stream.messages)).to.deep.equal(['REQUESTED', 'CANCELLED']);
    stream.close();
    await eventually(async () => tail.listenerCount === listenersBefore, 5_000, 'listener removed');
  });

  it('answers 404 for an unknown call and for another passenger’s call', async () => {
    const callId = (await api.post('/api/calls', { passengerId, pickup: seoul.station, destination: seoul.gangnam })).body.callId as string;
    const unknown = await watch('no-such-call');
    expect(unknown.status).to.equal(404);
    const stranger = await openSse(`${app.url}/api/calls/${callId}/events`, {
      authorization: `Bearer ${await devToken(app.url, 'passenger', 'p-stranger')}`,
    });
    expect(stranger.status).to.equal(404);
    await api.post(`/api/calls/${callId}/cancel`, {});
  });

  it('lets a browser EventSource, which cannot send headers, authenticate with access_token in the query — on streams only', async () => {
    const callId = (await api.post('/api/calls', { passengerId, pickup: seoul.station, destination: seoul.gangnam })).body.callId as string;
    const fromBrowser = await openSse(`${app.url}/api/calls/${callId}/events?access_token=${passengerToken}`);
    expect(fromBrowser.status).to.equal(200);
    await fromBrowser.waitFor(has('REQUESTED'));
    fromBrowser.close();

    const stranger = await openSse(`${app.url}/api/calls/${callId}/events?access_token=${await devToken(app.url, 'passenger', 'p-stranger')}`);
    expect(stranger.status).to.equal(404);
    const forged = await openSse(`${app.url}/api/calls/${callId}/events?access_token=not-a-jwt`);
    expect(forged.status).to.equal(401);
    // Not a stream: a token in a URL is refused, so it cannot become the way every request is made.
    const query = await fetch(`${app.url}/api/calls/${callId}?access_token=${passengerToken}`);
    expect([query.status, ((await query.json()) as { error: { code: string } }).error.code]).to.deep.equal([401, 'UNAUTHENTICATED']);
    const command = await fetch(`${app.url}/api/calls/${callId}/cancel?access_token=${passengerToken}`, {
      method: 'POST',
      headers: { accept: 'text/event-stream' },
    });
    expect(command.status).to.equal(401);
    await api.post(`/api/calls/${callId}/cancel`, {});
  });

  describe('when the server shuts down', () => {
    it('ends open streams at once, so a graceful stop does not wait for its grace period', async function () {
      this.timeout(15_000);
      // A grace period four times the test's timeout: a stop that waited for it would fail the test.
      const own = await startTestApp(fastDispatchEnv({ AUTO_DISPATCH: 'off', SHUTDOWN_GRACE_MS: '60000' }));
      const ownApi = apiClient(own.url);
      const callId = (await ownApi.post('/api/calls', { passengerId, pickup: seoul.station, destination: seoul.gangnam })).body.callId as string;
      const stream = await openSse(`${own.url}/api/calls/${callId}/events`, {
        authorization: `Bearer ${await devToken(own.url, 'passenger', passengerId)}`,
      });
      await stream.waitFor(has('REQUESTED'));
      await own.stop();
      await stream.ended;
    });
  });
});
