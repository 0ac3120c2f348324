import { expect } from 'chai';
import { type RunningSimulator, NO_FAULTS, startPaymentGatewaySimulator } from '../../src/infrastructure/payment-gateway/simulator.js';
import { type ApiClient, apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { eventStoreOf } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

describe('Unpaid rides: paying again, waivers and the block on new requests', () => {
  let simulator: RunningSimulator;
  let app: TestApp;
  let api: ApiClient;

  before(async () => {
    simulator = await startPaymentGatewaySimulator();
    app = await startTestApp({ PAYMENT_GATEWAY_URL: simulator.url, AUTO_DISPATCH: 'off' });
    api = apiClient(app.url);
  });
  beforeEach(() => simulator.setFaults(NO_FAULTS));
  after(async () => {
    await app.stop();
    await simulator.close();
  });

  /** A finished ride whose card the gateway declined. */
  const declinedRide = async (passengerId: string) => {
    const driverId = await onlineDriver(api, `Dec-${passengerId}`);
    const passenger = api.as({ role: 'passenger', subject: passengerId });
    const { body } = await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.gangnam });
    await api.post(`/api/calls/${body.callId}/accept`, { driverId });
    await api.post(`/api/calls/${body.callId}/start`, { driverId });
    simulator.setFaults({ declineRate: 1 });
    const finished = await api.post(`/api/calls/${body.callId}/finish`, { driverId });
    simulator.setFaults({ declineRate: 0 });
    expect(finished.body.payment.status).to.equal('FAILED');
    return { callId: body.callId as string, paymentId: finished.body.payment.paymentId as string, passenger, driverId };
  };
  const newRequest = (passenger: ApiClient) => passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.cityHall });

  describe('when a passenger has an unpaid FAILED ride', () => {
    it('refuses their new request with UNPAID_RIDE naming the ride, until they paid it again — charged once, never twice', async () => {
      const { callId, paymentId, passenger, driverId } = await declinedRide('p-unpaid');
      const blocked = await newRequest(passenger);
      expect([blocked.status, blocked.body.error.code, blocked.body.error.details.callId]).to.deep.equal([409, 'UNPAID_RIDE', callId]);

      expect((await api.as({ role: 'driver', subject: driverId }).post(`/api/calls/${callId}/payment/retry`, {})).status, 'a driver').to.equal(403);
      expect(
        (await api.as({ role: 'passenger', subject: 'p-someone' }).post(`/api/calls/${callId}/payment/retry`, {})).status,
        'another passenger',
      ).to.equal(404);
      const paid = await passenger.post(`/api/calls/${callId}/payment/retry`, {});
      expect([paid.status, paid.body.status, paid.body.paymentId]).to.deep.equal([200, 'APPROVED', paymentId]);
      const twice = await passenger.post(`/api/calls/${callId}/payment/retry`, {});
      expect([twice.status, twice.body.error.code]).to.deep.equal([409, 'PAYMENT_NOT_RETRYABLE']);
      expect(simulator.stats().chargesCreated, 'charges at the gateway').to.equal(1);
      const keys = (await eventStoreOf(app.container).readStream(`payment-${paymentId}`))
        .filter((e) => e.type === 'PaymentRetried')
        .map((e) => (e.data as { idempotencyKey: string }).idempotencyKey);
      expect(keys).to.deep.equal([`${paymentId}:retry-1`]);

      expect((await newRequest(passenger)).status).to.equal(201);
    });

    it('lets them ride again once an operator waived it; a waiver is for operators, once', async () => {
      const { callId, paymentId, passenger } = await declinedRide('p-waived');
      expect((await newRequest(passenger)).status).to.equal(409);
      const byPassenger = await passenger.post(`/api/payments/${paymentId}/waive`, {});
      expect(byPassenger.status).to.equal(403);
      const waived = await api.post(`/api/payments/${paymentId}/waive`, { reason: 'card stolen, fare forgiven' });
      expect([waived.status, waived.body.status, waived.body.callId]).to.deep.equal([200, 'WAIVED', callId]);
      const again = await api.post(`/api/payments/${paymentId}/waive`, {});
      expect([again.status, again.body.error.code]).to.deep.equal([409, 'PAYMENT_NOT_WAIVABLE']);
      const payAfterWaiver = await passenger.post(`/api/calls/${callId}/payment/retry`, {});
      expect([payAfterWaiver.status, payAfterWaiver.body.error.code]).to.deep.equal([409, 'PAYMENT_NOT_RETRYABLE']);
      expect((await api.post('/api/payments/pay-unknown/waive', {})).status).to.equal(404);
      expect((await newRequest(passenger)).status).to.equal(201);
      const receipt = await passenger.get(`/api/calls/${callId}/receipt`);
      expect(receipt.body.payment).to.include({ paymentId, status: 'WAIVED' });
    });

    it('owes nothing for a ride an operator cancelled: no block, and nothing to pay again', async () => {
      const { callId, passenger } = await declinedRide('p-cancelled');
      expect((await api.post(`/api/calls/${callId}/operator-cancel`, { reason: 'meter fault' })).status).to.equal(200);
      const retry = await passenger.post(`/api/calls/${callId}/payment/retry`, {});
      expect([retry.status, retry.body.error.code]).to.deep.equal([409, 'CALL_ALREADY_CANCELLED']);
      expect((await newRequest(passenger)).status).to.equal(201);
    });

    it('refuses to waive or pay again a payment that did not fail', async () => {
      const driverId = await onlineDriver(api, 'Paid');
      const passenger = api.as({ role: 'passenger', subject: 'p-paid' });
      const { body } = await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.gangnam });
      await api.post(`/api/calls/${body.callId}/accept`, { driverId });
      await api.post(`/api/calls/${body.callId}/start`, { driverId });
      const finished = await api.post(`/api/calls/${body.callId}/finish`, { driverId });
      expect(finished.body.payment.status).to.equal('APPROVED');
      const retry = await passenger.post(`/api/calls/${body.callId}/payment/retry`, {});
      const waive = await api.post(`/api/payments/${finished.body.payment.paymentId}/waive`, {});
      expect([retry.status, retry.body.error.code, waive.status, waive.body.error.code]).to.deep.equal([
        409,
        'PAYMENT_NOT_RETRYABLE',
        409,
        'PAYMENT_NOT_WAIVABLE',
      ]);
    });
  });
});
