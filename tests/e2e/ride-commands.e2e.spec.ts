import { expect } from 'chai';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.js';
import { type RunningSimulator, startPaymentGatewaySimulator } from '../../src/infrastructure/payment-gateway/simulator.js';
import { type ApiClient, apiClient, onlineDriver, requestRide, seoul } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

describe('Ride commands over HTTP', () => {
  let simulator: RunningSimulator;
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    simulator = await startPaymentGatewaySimulator({ seed: 19 });
    app = await startTestApp({ PAYMENT_GATEWAY_URL: simulator.url });
    api = apiClient(app.url);
  });
  after(async () => {
    await app.stop();
    await simulator.close();
  });
  beforeEach(async () => fetch(`${simulator.url}/admin/reset`, { method: 'POST' }));

  /** What the gateway booked and was asked: a charge request the idempotency key absorbed still shows as a replay. */
  const gatewayBooks = async (paymentId: string) => {
    const { charges } = (await (await fetch(`${simulator.url}/charges?reference=${paymentId}`)).json()) as { charges: unknown[] };
    const { requestsReceived, replays } = simulator.stats();
    return { charges: charges.length, requestsReceived, replays };
  };

  it('runs a whole ride: request, accept, start, finish with the fare', async () => {
    const driverId = await onlineDriver(api, 'Kim');
    const requested = await api.post('/api/calls', { passengerId: 'p-ride', pickup: seoul.station, destination: seoul.gangnam, rideType: 'DELUXE' });
    expect(requested.status).to.equal(201);
    expect(requested.body).to.include({ status: 'REQUESTED' });
    const { callId } = requested.body;
    expect((await api.post(`/api/calls/${callId}/accept`, { driverId })).body).to.include({ callId, status: 'DISPATCHED' });
    expect((await api.post(`/api/calls/${callId}/start`, { driverId })).body).to.include({ status: 'DRIVING' });
    const finished = await api.post(`/api/calls/${callId}/finish`, { driverId });
    expect(finished.status).to.equal(200);
    expect(finished.body.status).to.equal('FINISHED');
    expect(finished.body.fare).to.deep.equal({ amount: 1000, currency: 'KRW' });
    expect(finished.body.payment.paymentId).to.be.a('string');
    expect(['PENDING', 'APPROVED']).to.include(finished.body.payment.status);
  });

  it('answers a repeated finish with the same fare and payment, charging nothing more', async () => {
    const driverId = await onlineDriver(api, 'Again');
    const callId = await requestRide(api, 'p-again');
    await api.post(`/api/calls/${callId}/accept`, { driverId });
    await api.post(`/api/calls/${callId}/start`, { driverId });
    const first = await api.post(`/api/calls/${callId}/finish`, { driverId });
    const again = await api.post(`/api/calls/${callId}/finish`, { driverId });
    expect(again.status).to.equal(200);
    expect(again.body.fare).to.deep.equal(first.body.fare);
    expect(again.body.payment.paymentId).to.equal(first.body.payment.paymentId);
    const store = app.container.get<EventStore>(EVENT_STORE);
    expect((await store.readStream(`payment-${first.body.payment.paymentId}`)).filter((e) => e.type === 'PaymentRequested')).to.have.length(1);
    // A settled payment is not charged again: the gateway is asked once, not asked and deduplicated.
    expect(await gatewayBooks(first.body.payment.paymentId)).to.deep.equal({ charges: 1, requestsReceived: 1, replays: 0 });
  });

  describe('when an operator cancelled the ride under way', () => {
    it('refuses the finish with CALL_ALREADY_CANCELLED, and requests and charges nothing', async () => {
      const driverId = await onlineDriver(api, 'Cancelled');
      const callId = await requestRide(api, 'p-cancelled');
      await api.post(`/api/calls/${callId}/accept`, { driverId });
      await api.post(`/api/calls/${callId}/start`, { driverId });
      expect((await api.post(`/api/calls/${callId}/operator-cancel`, { reason: 'driver misconduct' })).status).to.equal(200);

      const finished = await api.post(`/api/calls/${callId}/finish`, { driverId });
      expect([finished.status, finished.body.error?.code]).to.deep.equal([409, 'CALL_ALREADY_CANCELLED']);
      const store = app.container.get<EventStore>(EVENT_STORE);
      expect(await store.readStream(`driving-${callId}`).then((events) => events.map((e) => e.type))).to.not.include('RideFinished');
      expect(await store.readStream(`payment-pay-${callId}`)).to.have.length(0);
      expect(await gatewayBooks(`pay-${callId}`)).to.deep.equal({ charges: 0, requestsReceived: 0, replays: 0 });
    });
  });

  describe('when 50 online drivers accept the same call at once', () => {
    it('lets exactly one win, answers 49 × 409 CALL_ALREADY_DISPATCHED, and stores one acceptance', async () => {
      const drivers = await Promise.all(Array.from({ length: 50 }, (_, i) => onlineDriver(api, `Driver ${i}`)));
      const callId = await requestRide(api, 'p-race');
      const answers = await Promise.all(drivers.map((driverId) => api.post(`/api/calls/${callId}/accept`, { driverId })));
      expect(answers.filter((a) => a.status === 200)).to.have.length(1);
      const losers = answers.filter((a) => a.status !== 200);
      expect(losers).to.have.length(49);
      for (const loser of losers) {
        expect(loser.status).to.equal(409);
        expect(loser.body.error.code).to.equal('CALL_ALREADY_DISPATCHED');
      }
      const store = app.container.get<EventStore>(EVENT_STORE);
      const acceptances = (await store.readStream(`dispatch-${callId}`)).filter((e) => e.type === 'DriverAccepted');
      expect(acceptances).to.have.length(1);
      // every loser is free again: each can accept another call
      const loserId = drivers.find((d) => d !== (acceptances[0]!.data as { driverId: string }).driverId)!;
      const next = await requestRide(api, 'p-race-2');
      expect((await api.post(`/api/calls/${next}/accept`, { driverId: loserId })).status).to.equal(200);
    });
  });

  describe('when a driver is already on a ride', () => {
    it('refuses another call with DRIVER_BUSY, and frees the driver once the ride finished', async () => {
      const driverId = await onlineDriver(api, 'Busy');
      const first = await requestRide(api, 'p-busy-1');
      const second = await requestRide(api, 'p-busy-2');
      await api.post(`/api/calls/${first}/accept`, { driverId });
      const refused = await api.post(`/api/calls/${second}/accept`, { driverId });
      expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'DRIVER_BUSY']);
      await api.post(`/api/calls/${first}/start`, { driverId });
      await api.post(`/api/calls/${first}/finish`, { driverId });
      expect((await api.post(`/api/calls/${second}/accept`, { driverId })).status).to.equal(200);
    });
  });

  describe('cancelling', () => {
    it('is allowed after acceptance and frees the driver', async () => {
      const driverId = await onlineDriver(api, 'Lee');
      const callId = await requestRide(api, 'p-cancel');
      await api.post(`/api/calls/${callId}/accept`, { driverId });
      const cancelled = await api.post(`/api/calls/${callId}/cancel`, { reason: 'changed my mind' });
      expect([cancelled.status, cancelled.body.status]).to.deep.equal([200, 'CANCELLED']);
      const again = await api.post(`/api/calls/${callId}/accept`, { driverId });
      expect([again.status, again.body.error.code]).to.deep.equal([409, 'CALL_ALREADY_CANCELLED']);
      expect((await api.post(`/api/calls/${await requestRide(api, 'p-next')}/accept`, { driverId })).status).to.equal(200);
    });

    it('is refused once the ride started', async () => {
      const driverId = await onlineDriver(api, 'Park');
      const callId = await requestRide(api, 'p-late-cancel');
      await api.post(`/api/calls/${callId}/accept`, { driverId });
      await api.post(`/api/calls/${callId}/start`, { driverId });
      const refused = await api.post(`/api/calls/${callId}/cancel`, {});
      expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'RIDE_ALREADY_STARTED']);
    });
  });

  describe('starting and finishing', () => {
    it('lets only the assigned driver start, and only a started ride finish', async () => {
      const driverId = await onlineDriver(api, 'Choi');
      const other = await onlineDriver(api, 'Jung');
      const callId = await requestRide(api, 'p-start');
      const early = await api.post(`/api/calls/${callId}/start`, { driverId });
      expect([early.status, early.body.error.code]).to.deep.equal([409, 'CALL_NOT_DISPATCHED']);
      await api.post(`/api/calls/${callId}/accept`, { driverId });
      const notYetStarted = await api.post(`/api/calls/${callId}/finish`, { driverId });
      expect([notYetStarted.status, notYetStarted.body.error.code]).to.deep.equal([409, 'RIDE_NOT_STARTED']);
      const stranger = await api.post(`/api/calls/${callId}/start`, { driverId: other });
      expect([stranger.status, stranger.body.error.code]).to.deep.equal([403, 'NOT_ASSIGNED_DRIVER']);
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the same call for the same key, and a different one without it', async () => {
      const headers = { 'Idempotency-Key': 'same-key-1' };
      const first = await requestRide(api, 'p-idem', headers);
      const again = await api.post('/api/calls', { passengerId: 'p-idem', pickup: seoul.station, destination: seoul.gangnam }, headers);
      expect([again.status, again.body.callId]).to.deep.equal([201, first]);
      expect(await requestRide(api, 'p-idem')).not.to.equal(first);
    });

    it('refuses the same key with a different request', async () => {
      const headers = { 'Idempotency-Key': 'same-key-2' };
      await requestRide(api, 'p-idem2', headers);
      const other = await api.post('/api/calls', { passengerId: 'p-idem2', pickup: seoul.cityHall, destination: seoul.gangnam }, headers);
      expect([other.status, other.body.error.code]).to.deep.equal([409, 'CALL_ALREADY_EXISTS']);
    });
  });
});
