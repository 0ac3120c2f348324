import { expect } from 'chai';
import { type ApiClient, apiClient, onlineDriver, requestRide, seoul } from '../support/http-client.js';
import { devToken, openSse } from '../support/sse-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

describe("The passenger sees the taxi's position", () => {
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    app = await startTestApp({ AUTO_DISPATCH: 'off' });
    api = apiClient(app.url);
  });
  after(async () => app.stop());

  const ping = (driverId: string, location: { lat: number; lng: number }) => api.request('PUT', `/api/drivers/${driverId}/location`, location);

  it('on the dashboard entry while DISPATCHED (with an ETA to pickup) and DRIVING, not before', async () => {
    const driverId = await onlineDriver(api, 'Mapped', { lat: seoul.cityHall.lat, lng: seoul.cityHall.lng });
    const callId = await requestRide(api, 'p-map');
    expect((await api.get(`/api/calls/${callId}`)).body).not.to.have.property('taxi');
    await api.post(`/api/calls/${callId}/accept`, { driverId });
    await ping(driverId, { lat: seoul.cityHall.lat, lng: seoul.cityHall.lng });
    const dispatched = await api.get(`/api/calls/${callId}`);
    expect(dispatched.body.taxi.location).to.deep.equal({ lat: seoul.cityHall.lat, lng: seoul.cityHall.lng });
    // City Hall to Seoul Station is about 1.3 km.
    expect(dispatched.body.taxi.etaSeconds).to.be.within(200, 600);
    // The ride starts at the pickup.
    await ping(driverId, { lat: seoul.station.lat, lng: seoul.station.lng });
    expect((await api.post(`/api/calls/${callId}/start`, { driverId })).status).to.equal(200);
    await ping(driverId, { lat: 37.53, lng: 127.0 });
    const driving = await api.get(`/api/calls/${callId}`);
    expect(driving.body.taxi).to.deep.include({ location: { lat: 37.53, lng: 127.0 }, etaSeconds: null });
  });

  it("on the call's live stream, throttled: many pings, few updates, the newest last", async () => {
    const driverId = await onlineDriver(api, 'Streamed', { lat: seoul.cityHall.lat, lng: seoul.cityHall.lng });
    const callId = await requestRide(api, 'p-stream-map');
    const token = await devToken(app.url, 'passenger', 'p-stream-map');
    const stream = await openSse(`${app.url}/api/calls/${callId}/events`, { authorization: `Bearer ${token}` });
    try {
      await api.post(`/api/calls/${callId}/accept`, { driverId });
      const since = Date.now();
      for (let i = 1; i <= 10; i++) await ping(driverId, { lat: seoul.cityHall.lat - i * 0.0005, lng: seoul.cityHall.lng });
      const last = { lat: seoul.cityHall.lat - 10 * 0.0005, lng: seoul.cityHall.lng };
      await stream.waitFor((all) => all.some((m) => m.event === 'taxi' && m.data.location.lat === last.lat), 10_000);
      // Two more ticks of the feed with no new ping: they must send nothing.
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const messages = stream.messages;
      const elapsedMs = Date.now() - since;
      const taxi = messages.filter((m) => m.event === 'taxi');
      expect(taxi.at(-1)!.data).to.deep.include({ callId, location: last });
      expect(taxi.at(-1)!.data.etaSeconds).to.be.a('number');
      // Bounded by the time it took, not by how fast the pings went out: one update when the taxi
      // first shows, then at most one per started second, however slow this machine is.
      expect(taxi.length, `updates in ${elapsedMs} ms`).to.be.at.most(Math.floor(elapsedMs / 1_000) + 2);
      // Each update is a newer ping than the one before: a tick with nothing new sends nothing.
      const reported = taxi.map((m) => Date.parse(m.data.at));
      expect(reported).to.deep.equal([...new Set(reported)].sort((a, b) => a - b));
    } finally {
      stream.close();
    }
  });

  it('sends a passenger nothing of another call in flight: neither its status nor its taxi', async function () {
    this.timeout(20_000);
    // Both calls are picked up at Seoul Station: a ride starts within ARRIVE_WITHIN_M of its pickup.
    const here = { lat: seoul.station.lat + 0.001, lng: seoul.station.lng };
    const nearer = { lat: seoul.station.lat, lng: seoul.station.lng };
    const elsewhere = { lat: seoul.gangnam.lat, lng: seoul.gangnam.lng };
    const theirPickup = { lat: seoul.station.lat, lng: seoul.station.lng + 0.001 };
    const mine = await onlineDriver(api, 'Mine', here);
    const theirs = await onlineDriver(api, 'Theirs', elsewhere);
    const callA = await requestRide(api, 'p-two-a');
    const callB = await requestRide(api, 'p-two-b');
    const token = await devToken(app.url, 'passenger', 'p-two-a');
    const stream = await openSse(`${app.url}/api/calls/${callA}/events`, { authorization: `Bearer ${token}` });
    try {
      await api.post(`/api/calls/${callA}/accept`, { driverId: mine });
      await ping(mine, here);
      await stream.waitFor((all) => all.some((m) => m.event === 'taxi'));
      // Call B moves on while A is watched: accepted, its taxi pinging, started.
      await api.post(`/api/calls/${callB}/accept`, { driverId: theirs });
      for (let i = 0; i < 3; i++) await ping(theirs, elsewhere);
      await ping(theirs, theirPickup);
      expect((await api.post(`/api/calls/${callB}/start`, { driverId: theirs })).status).to.equal(200);
      // Long enough for the once-a-second taxi feed to have polled whichever driver it follows.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await ping(mine, nearer);
      await api.post(`/api/calls/${callA}/start`, { driverId: mine });
      const messages = await stream.waitFor(
        (all) =>
          all.some((m) => m.event === 'status' && m.data.status === 'DRIVING') &&
          all.some((m) => m.event === 'taxi' && m.data.location.lat === nearer.lat),
      );
      const status = messages.filter((m) => m.event === 'status');
      expect(status.map((m) => [m.data.callId, m.data.status, m.data.call.passengerId, m.data.call.driverId])).to.deep.equal([
        [callA, 'REQUESTED', 'p-two-a', null],
        [callA, 'DISPATCHED', 'p-two-a', mine],
        [callA, 'DRIVING', 'p-two-a', mine],
      ]);
      const taxi = messages.filter((m) => m.event === 'taxi');
      expect(taxi.map((m) => m.data.callId)).to.deep.equal(taxi.map(() => callA));
      expect(taxi.map((m) => m.data.location)).to.deep.equal(taxi.map((m) => (m.data.location.lat === here.lat ? here : nearer)));
      expect(taxi.map((m) => m.data.location)).not.to.deep.include(elsewhere);
      expect(taxi.map((m) => m.data.location)).not.to.deep.include(theirPickup);
    } finally {
      stream.close();
    }
  });
});
