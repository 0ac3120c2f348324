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
      for (let i = 1; i <= 10; i++) await ping(driverId, { lat: seoul.cityHall.lat - i * 0.0005, lng: seoul.cityHall.lng });
      const last = { lat: seoul.cityHall.lat - 10 * 0.0005, lng: seoul.cityHall.lng };
      const messages = await stream.waitFor((all) => all.some((m) => m.event === 'taxi' && m.data.location.lat === last.lat), 10_000);
      const taxi = messages.filter((m) => m.event === 'taxi');
      expect(taxi.at(-1)!.data).to.deep.include({ callId, location: last });
      expect(taxi.at(-1)!.data.etaSeconds).to.be.a('number');
      expect(taxi.length, 'updates for 10 pings').to.be.below(10);
    } finally {
      stream.close();
    }
  });
});
