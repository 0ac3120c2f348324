import { expect } from 'chai';
import { type ApiClient, apiClient, onlineDriver, requestRide, seoul } from '../support/http-client.js';
import { devToken, openSse, type SseClient } from '../support/sse-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const changed = (stream: SseClient) => stream.messages.filter((message) => message.event === 'changed').map((message) => message.data.topics);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("The operator's page, live: which lists changed", () => {
  let app: TestApp;
  let api: ApiClient;
  let stream: SseClient;
  before(async () => {
    app = await startTestApp({ AUTO_DISPATCH: 'off', OPERATOR_FEED_COALESCE_MS: '200', OPERATOR_FEED_POSITIONS_MS: '300' });
    api = apiClient(app.url);
  });
  beforeEach(async () => {
    stream = await openSse(`${app.url}/api/operator/events`, { authorization: `Bearer ${await devToken(app.url, 'operator', 'op-live')}` });
    await stream.waitFor((all) => all.length >= 1);
  });
  afterEach(() => stream.close());
  after(async () => app.stop());

  it('first names every list, then stays silent while nothing happens', async () => {
    await pause(1_000);
    expect(changed(stream)).to.deep.equal([['calls', 'drivers', 'payments']]);
  });

  it('names the calls when a call is requested, the drivers too when one accepts it, and the drivers when a taxi moves', async () => {
    const start = stream.messages.length;
    const driverId = await onlineDriver(api, 'Live', { lat: seoul.station.lat, lng: seoul.station.lng });
    await stream.waitFor((all) => all.length > start);
    expect(stream.messages[start]!.data).to.deep.equal({ topics: ['drivers'] });
    // Going online also saved a position, which the next look at the pings reports: let it pass.
    await pause(800);
    const before = stream.messages.length;
    const callId = await requestRide(api, 'p-operator-live');
    await stream.waitFor((all) => all.length > before);
    expect(stream.messages[before]!.data).to.deep.equal({ topics: ['calls'] });

    const beforeAccept = stream.messages.length;
    await api.post(`/api/calls/${callId}/accept`, { driverId });
    await stream.waitFor((all) => all.length > beforeAccept);
    expect(stream.messages[beforeAccept]!.data).to.deep.equal({ topics: ['calls', 'drivers'] });

    const beforePing = stream.messages.length;
    await api.request('PUT', `/api/drivers/${driverId}/location`, { lat: seoul.cityHall.lat, lng: seoul.cityHall.lng });
    await stream.waitFor((all) => all.length > beforePing);
    expect(stream.messages[beforePing]!.data).to.deep.equal({ topics: ['drivers'] });
  });

  it('gathers a burst of changes into one message', async () => {
    const before = stream.messages.length;
    await Promise.all([1, 2, 3, 4].map((n) => requestRide(api, `p-burst-${n}`)));
    await stream.waitFor((all) => all.length > before);
    await pause(500);
    expect(changed(stream).slice(1).length, JSON.stringify(changed(stream))).to.be.at.most(2);
    expect(changed(stream).slice(1).flat()).to.include('calls');
  });

  it('is for operators only', async () => {
    const passenger = await openSse(`${app.url}/api/operator/events`, { authorization: `Bearer ${await devToken(app.url, 'passenger', 'p-nosy')}` });
    passenger.close();
    expect(passenger.status).to.equal(403);
  });
});
