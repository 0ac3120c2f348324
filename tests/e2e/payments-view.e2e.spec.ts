import { expect } from 'chai';
import { type RunningSimulator, NO_FAULTS, startPaymentGatewaySimulator } from '../../src/infrastructure/payment-gateway/simulator.js';
import { type ApiClient, apiClient, onlineDriver, requestRide } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

describe('Operators and payments that need attention', () => {
  let simulator: RunningSimulator;
  let app: TestApp;
  let api: ApiClient;
  let operator: ApiClient;
  before(async () => {
    simulator = await startPaymentGatewaySimulator();
    // Background retries far off, so only the operator's retry charges the payment.
    app = await startTestApp({
      PAYMENT_GATEWAY_URL: simulator.url,
      PAYMENT_BUDGET_MS: '300',
      PAYMENT_RETRY_BASE_MS: '600000',
      PAYMENT_RETRY_GRACE_MS: '600000',
    });
    api = apiClient(app.url);
    operator = api.as({ role: 'operator', subject: 'ops-pay' });
  });
  after(async () => {
    await app.stop();
    await simulator.close();
  });

  const pendingRide = async (passengerId: string) => {
    simulator.setFaults({ ...NO_FAULTS, outage: true });
    const driverId = await onlineDriver(api, 'Payer');
    const callId = await requestRide(api, passengerId);
    await api.post(`/api/calls/${callId}/accept`, { driverId });
    await api.post(`/api/calls/${callId}/start`, { driverId });
    const finished = await api.post(`/api/calls/${callId}/finish`, { driverId });
    simulator.setFaults(NO_FAULTS);
    return finished;
  };

  it('lists a pending payment, charges it now on retry, and then no longer lists it as pending', async () => {
    const finished = await pendingRide('p-pay-1');
    expect(finished.body.payment.status).to.equal('PENDING');
    const { paymentId } = finished.body.payment;
    const pending = await operator.get(`/api/payments?status=PENDING,FAILED&minPosition=${finished.body.position}`);
    expect(pending.status).to.equal(200);
    const listed = pending.body.items.find((p: { paymentId: string }) => p.paymentId === paymentId);
    expect(listed).to.deep.include({ status: 'PENDING', passengerId: 'p-pay-1', amount: { amount: 1000, currency: 'KRW' } });

    const retried = await operator.post(`/api/payments/${paymentId}/retry`);
    expect(retried.status).to.equal(200);
    expect(retried.body).to.deep.equal({ paymentId, status: 'APPROVED' });
    const after = await operator.get('/api/payments?status=PENDING');
    expect(after.body.items.map((p: { paymentId: string }) => p.paymentId)).not.to.include(paymentId);
    expect((await operator.get('/api/payments?status=APPROVED')).body.items.map((p: { paymentId: string }) => p.paymentId)).to.include(paymentId);
  });

  it('is for operators only; an unknown payment is 404 and a bad status 400', async () => {
    const finished = await pendingRide('p-pay-2');
    const { paymentId } = finished.body.payment;
    const passenger = api.as({ role: 'passenger', subject: 'p-pay-2' });
    expect((await passenger.get('/api/payments')).status).to.equal(403);
    expect((await passenger.post(`/api/payments/${paymentId}/retry`)).status).to.equal(403);
    expect((await api.as({ role: 'driver', subject: 'd' }).get('/api/payments')).status).to.equal(403);
    expect((await operator.post('/api/payments/pay-nope/retry')).body.error.code).to.equal('PAYMENT_NOT_FOUND');
    expect((await operator.get('/api/payments?status=LOST')).status).to.equal(400);
  });
});
