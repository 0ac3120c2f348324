import { expect } from 'chai';
import type { Clock } from '../../src/application/ports/clock.js';
import { type ApiClient, apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { eventually } from '../support/rides.js';
import { SEOUL_2023 } from '../support/tariffs.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** A clock the test moves: the pings' times, and so the ride's speed, are the test's to choose. */
const manualClock = (start: string) => {
  let now = Date.parse(start);
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advance: (seconds: number) => (now += seconds * 1000), set: (at: string) => (now = Date.parse(at)) };
};

/** `metres` north of Seoul Station. */
const north = (metres: number) => ({ lat: seoul.station.lat + metres / 111_195, lng: seoul.station.lng });

describe('Fares: a metered ride, estimates and ride type availability', () => {
  // 14:00 in Seoul: no night surcharge.
  const time = manualClock('2026-03-10T05:00:00.000Z');
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    app = await startTestApp({ AUTO_DISPATCH: 'off' }, { clock: time.clock });
    api = apiClient(app.url);
  });
  after(async () => app.stop());

  describe('when the driver reports positions along the route', () => {
    it('charges the tariff in force at the request, with the measured distance, and the receipt matches the payment', async () => {
      const set = await api.request('PUT', '/api/tariffs/DELUXE', SEOUL_2023);
      expect([set.status, set.body.version]).to.deep.equal([200, 1]);
      const driverId = await onlineDriver(api, 'Meter');
      const passenger = api.as({ role: 'passenger', subject: 'p-meter' });
      const requested = await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.cityHall, rideType: 'DELUXE' });
      expect(requested.status).to.equal(201);
      expect(requested.body.estimate).to.include({ currency: 'KRW' });
      expect(requested.body.estimate.amount).to.be.at.least(4_800);
      const callId = requested.body.callId as string;
      // The operator changes the tariff after the request: this call keeps the one it was quoted.
      await api.request('PUT', '/api/tariffs/DELUXE', { amountPerStartedMinute: 100_000 });

      await api.post(`/api/calls/${callId}/accept`, { driverId });
      await api.post(`/api/calls/${callId}/start`, { driverId });
      // Nine legs of 200 m in 30 s (24 km/h) and two of 50 m in 30 s (6 km/h, below 15.72 km/h).
      const legs = [...Array(9).fill(200), 50, 50];
      let metres = 0;
      await api.request('PUT', `/api/drivers/${driverId}/location`, north(0));
      for (const leg of legs) {
        time.advance(30);
        metres += leg;
        const pinged = await api.request('PUT', `/api/drivers/${driverId}/location`, north(metres));
        expect(pinged.status).to.equal(200);
      }
      const finished = await api.post(`/api/calls/${callId}/finish`, { driverId });
      // 1,900 m: 4,800 for the first 1,600 m + 2 × 131 m = 200; 60 s slow: 2 × 30 s = 200 → 5,200.
      expect(finished.body.fare).to.deep.equal({ amount: 5_200, currency: 'KRW' });
      expect(finished.body.payment.status).to.equal('APPROVED');

      const receipt = await passenger.get(`/api/calls/${callId}/receipt`);
      expect(receipt.status).to.equal(200);
      expect(receipt.body).to.include({ callId, distanceSource: 'TRACK', slowSeconds: 60, driverId });
      expect(receipt.body.distanceMeters).to.be.closeTo(1_900, 1);
      expect(receipt.body.tariff).to.include({ rideType: 'DELUXE', version: 1, baseFare: 4_800 });
      expect(receipt.body.breakdown).to.include({ baseFare: 4_800, distanceCharge: 200, slowTimeCharge: 200, total: 5_200 });
      expect(receipt.body.payment).to.deep.include({ paymentId: finished.body.payment.paymentId, status: 'APPROVED', amount: finished.body.fare });
      expect(receipt.body.fare).to.deep.equal(receipt.body.payment.amount);

      const entry = await passenger.get(`/api/calls/${callId}`);
      expect(entry.body.estimate).to.deep.equal(requested.body.estimate);
    });
  });

  describe('when the track claims far more than the route estimate', () => {
    it('charges the cap (the estimate plus 3 km) and flags the ride on its receipt (distanceSource ESTIMATE_CAP)', async () => {
      await api.request('PUT', '/api/tariffs/DELUXE', { ...SEOUL_2023, nightSurcharges: [] });
      const driverId = await onlineDriver(api, 'Detour');
      const passenger = api.as({ role: 'passenger', subject: 'p-detour' });
      const requested = await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.cityHall, rideType: 'DELUXE' });
      const estimated = requested.body.estimate.distanceMeters as number;
      const callId = requested.body.callId as string;
      await api.post(`/api/calls/${callId}/accept`, { driverId });
      await api.post(`/api/calls/${callId}/start`, { driverId });
      // 30 legs of 300 m, each in 30 s (36 km/h): plausible pair by pair, 9 km for a ride quoted at about 1.5 km.
      await api.request('PUT', `/api/drivers/${driverId}/location`, north(0));
      for (let leg = 1; leg <= 30; leg++) {
        time.advance(30);
        await api.request('PUT', `/api/drivers/${driverId}/location`, north(leg * 300));
      }
      expect((await api.post(`/api/calls/${callId}/finish`, { driverId })).status).to.equal(200);
      const receipt = await passenger.get(`/api/calls/${callId}/receipt`);
      expect([receipt.body.distanceSource, receipt.body.distanceMeters]).to.deep.equal(['ESTIMATE_CAP', estimated + 3_000]);
    });
  });

  describe('the receipt', () => {
    it('is read by the passenger, the driver of the ride and operators; anybody else is told it does not exist', async () => {
      const driverId = await onlineDriver(api, 'Receipt');
      const passenger = api.as({ role: 'passenger', subject: 'p-receipt' });
      const { body } = await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.gangnam });
      await api.post(`/api/calls/${body.callId}/accept`, { driverId });
      await api.post(`/api/calls/${body.callId}/start`, { driverId });
      await api.post(`/api/calls/${body.callId}/finish`, { driverId });
      const path = `/api/calls/${body.callId}/receipt`;
      expect((await passenger.get(path)).status).to.equal(200);
      expect((await api.as({ role: 'driver', subject: driverId }).get(path)).status).to.equal(200);
      expect((await api.as({ role: 'operator', subject: 'ops' }).get(path)).status).to.equal(200);
      const stranger = await api.as({ role: 'passenger', subject: 'p-other' }).get(path);
      const otherDriver = await api.as({ role: 'driver', subject: 'd-other' }).get(path);
      expect([stranger.status, stranger.body.error.code, otherDriver.status]).to.deep.equal([404, 'CALL_NOT_FOUND', 404]);
    });

    it('shows the straight line when the driver sent no positions, and the default tariff stays 1,000 KRW per started minute', async () => {
      const driverId = await onlineDriver(api, 'Straight');
      const passenger = api.as({ role: 'passenger', subject: 'p-straight' });
      const { body } = await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.gangnam });
      await api.post(`/api/calls/${body.callId}/accept`, { driverId });
      await api.post(`/api/calls/${body.callId}/start`, { driverId });
      time.advance(61);
      const finished = await api.post(`/api/calls/${body.callId}/finish`, { driverId });
      expect(finished.body.fare).to.deep.equal({ amount: 2_000, currency: 'KRW' });
      const receipt = await passenger.get(`/api/calls/${body.callId}/receipt`);
      expect(receipt.body).to.include({ distanceSource: 'STRAIGHT_LINE', durationSeconds: 61 });
      expect(receipt.body.distanceMeters).to.be.within(8_000, 9_000);
    });
  });

  describe('the estimate', () => {
    it('answers anyone signed in with amount, distance, duration and breakdown; refuses the anonymous and bad input', async () => {
      const asked = await api
        .as({ role: 'passenger', subject: 'p-est' })
        .post('/api/fares/estimate', { pickup: seoul.station, destination: seoul.gangnam, rideType: 'STANDARD' });
      expect(asked.status).to.equal(200);
      expect(asked.body).to.have.keys(
        'rideType',
        'amount',
        'currency',
        'distanceMeters',
        'durationSeconds',
        'breakdown',
        'tariffVersion',
        'available',
      );
      // About 8.2 km as the crow flies, × 1.3, at 24 km/h: about 27 started minutes of the default tariff.
      expect(asked.body.amount).to.equal(Math.ceil(asked.body.durationSeconds / 60) * 1_000);
      expect((await api.anonymous().post('/api/fares/estimate', { pickup: seoul.station, destination: seoul.gangnam })).status).to.equal(401);
      const bad = await api.post('/api/fares/estimate', { pickup: { lat: 99, lng: 0 }, destination: seoul.gangnam });
      expect([bad.status, bad.body.error.code]).to.deep.equal([400, 'VALIDATION_ERROR']);
    });
  });

  describe('ride type availability', () => {
    it('refuses requests of a suspended type with RIDE_TYPE_UNAVAILABLE until it is resumed; only operators may', async () => {
      const passenger = api.as({ role: 'passenger', subject: 'p-van' });
      const refused = await passenger.post('/api/tariffs/VAN/suspend', {});
      expect([refused.status, refused.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
      const suspended = await api.post('/api/tariffs/VAN/suspend', { reason: 'no vans left tonight' });
      expect([suspended.status, suspended.body.available]).to.deep.equal([200, false]);
      const again = await api.post('/api/tariffs/VAN/suspend', {});
      expect([again.status, again.body.revision]).to.deep.equal([200, suspended.body.revision]);
      const tariffs = await api.get('/api/tariffs');
      expect(tariffs.body.find((t: { rideType: string }) => t.rideType === 'VAN').available).to.equal(false);
      const request = await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.gangnam, rideType: 'VAN' });
      expect([request.status, request.body.error.code]).to.deep.equal([409, 'RIDE_TYPE_UNAVAILABLE']);
      expect((await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.gangnam, rideType: 'STANDARD' })).status).to.equal(201);

      expect((await passenger.post('/api/tariffs/VAN/resume', {})).status).to.equal(403);
      const resumed = await api.post('/api/tariffs/VAN/resume', {});
      expect([resumed.status, resumed.body.available]).to.deep.equal([200, true]);
      expect(
        (
          await api
            .as({ role: 'passenger', subject: 'p-van2' })
            .post('/api/calls', { pickup: seoul.station, destination: seoul.gangnam, rideType: 'VAN' })
        ).status,
      ).to.equal(201);
    });
  });

  describe('rating', () => {
    it("takes the passenger's stars once, within 24 hours of the finish, and shows the driver's average", async () => {
      const driverId = await onlineDriver(api, 'Rated');
      const passenger = api.as({ role: 'passenger', subject: 'p-rate' });
      const { body } = await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.gangnam });
      const path = `/api/calls/${body.callId}/rating`;
      await api.post(`/api/calls/${body.callId}/accept`, { driverId });
      const early = await passenger.post(path, { stars: 5 });
      expect([early.status, early.body.error.code]).to.deep.equal([409, 'RIDE_NOT_FINISHED']);
      await api.post(`/api/calls/${body.callId}/start`, { driverId });
      await api.post(`/api/calls/${body.callId}/finish`, { driverId });

      for (const stars of [0, 6, 2.5]) {
        const refused = await passenger.post(path, { stars });
        expect(refused.status, `${stars} stars`).to.equal(400);
      }
      expect((await api.as({ role: 'operator', subject: 'ops' }).post(path, { stars: 5 })).status).to.equal(403);
      expect((await api.as({ role: 'passenger', subject: 'p-stranger' }).post(path, { stars: 1 })).status).to.equal(404);
      const rated = await passenger.post(path, { stars: 4 });
      expect([rated.status, rated.body.stars]).to.deep.equal([201, 4]);
      const twice = await passenger.post(path, { stars: 5 });
      expect([twice.status, twice.body.error.code]).to.deep.equal([409, 'RIDE_ALREADY_RATED']);

      await eventually(
        async () => (await passenger.get(`/api/calls/${body.callId}`)).body.rating?.stars === 4,
        5_000,
        'rating on the dashboard entry',
      );
      await eventually(
        async () => (await passenger.get(`/api/calls/${body.callId}`)).body.driverRating?.averageRating === 4,
        5_000,
        "driver's average on the dashboard entry",
      );
      const listed = await passenger.get('/api/passengers/p-rate/calls');
      // Read either shape of the list (a bare array, or a page of `items`), so this test checks the rating only.
      const entries: Array<{ callId: string; driverRating: unknown }> = listed.body.items ?? listed.body;
      expect(entries.find((entry) => entry.callId === body.callId)!.driverRating).to.deep.equal({ averageRating: 4, ratingCount: 1 });
      const readStore = app.container.get<{ get: (c: string, id: string) => Promise<Record<string, unknown> | null> }>(Symbol.for('ReadStore'));
      await eventually(async () => (await readStore.get('drivers', driverId))?.averageRating === 4, 5_000, "driver's average in the drivers view");
    });

    it('refuses a rating more than 24 hours after the finish', async () => {
      const driverId = await onlineDriver(api, 'Late');
      const passenger = api.as({ role: 'passenger', subject: 'p-late' });
      const { body } = await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.gangnam });
      await api.post(`/api/calls/${body.callId}/accept`, { driverId });
      await api.post(`/api/calls/${body.callId}/start`, { driverId });
      await api.post(`/api/calls/${body.callId}/finish`, { driverId });
      time.advance(24 * 3600 + 1);
      const late = await passenger.post(`/api/calls/${body.callId}/rating`, { stars: 3 });
      expect([late.status, late.body.error.code]).to.deep.equal([409, 'RATING_WINDOW_CLOSED']);
    });
  });
});

describe('Fares: positions sent in quick succession (the real clock)', () => {
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    app = await startTestApp({ AUTO_DISPATCH: 'off' });
    api = apiClient(app.url);
  });
  after(async () => app.stop());

  it('charges none of the distance they claim: 2 km in a moment is movement no car makes, whatever the spacing', async () => {
    await api.request('PUT', '/api/tariffs/DELUXE', { ...SEOUL_2023, nightSurcharges: [] });
    const driverId = await onlineDriver(api, 'Quick');
    const passenger = api.as({ role: 'passenger', subject: 'p-quick' });
    const { body } = await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.cityHall, rideType: 'DELUXE' });
    await api.post(`/api/calls/${body.callId}/accept`, { driverId });
    await api.post(`/api/calls/${body.callId}/start`, { driverId });
    for (const metres of [0, 400, 800, 1_200, 1_600, 2_000]) await api.request('PUT', `/api/drivers/${driverId}/location`, north(metres));
    const finished = await api.post(`/api/calls/${body.callId}/finish`, { driverId });
    // Measured as driven: no leg of the burst is plausible, so only the base fare (4,800) remains.
    expect(finished.body.fare).to.deep.equal({ amount: 4_800, currency: 'KRW' });
    const receipt = await passenger.get(`/api/calls/${body.callId}/receipt`);
    expect([receipt.body.distanceSource, receipt.body.distanceMeters]).to.deep.equal(['TRACK', 0]);
  });
});
