import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { type RunningSimulator, NO_FAULTS, startPaymentGatewaySimulator } from '../../src/infrastructure/payment-gateway/simulator.js';
import { settledCancelledRides } from '../support/gateway-ledger.js';
import { type ApiClient, apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { eventStoreOf } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/**
 * No net charge, ever: a ride an operator cancels while its charge is still on its way to a slow
 * gateway ends with nothing charged at the gateway — the charge, booked all the same, is found and
 * refunded — and the service says so (REFUNDED, not VOIDED over a standing charge).
 */
describe('No net charge on a cancelled ride, with a slow gateway', () => {
  let simulator: RunningSimulator;
  before(async () => {
    simulator = await startPaymentGatewaySimulator({ seed: 23 });
  });
  beforeEach(() => simulator.setFaults(NO_FAULTS));
  after(async () => simulator.close());

  /** A ride up to DRIVING, by a passenger of its own. */
  const drivingRide = async (api: ApiClient, name: string) => {
    const driverId = await onlineDriver(api, name);
    const passenger = api.as({ role: 'passenger', subject: `p-${name}` });
    const { body } = await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.gangnam });
    await api.post(`/api/calls/${body.callId}/accept`, { driverId });
    await api.post(`/api/calls/${body.callId}/start`, { driverId });
    return { callId: body.callId as string, driverId, passenger };
  };

  /** Sends `first`, and `cancel` after `delayMs`, both in flight together; answers both statuses. */
  const cancelDuring = async (api: ApiClient, callId: string, first: () => Promise<{ status: number }>, delayMs: number) => {
    const [answered, cancelled] = await Promise.all([
      first(),
      sleep(delayMs).then(() => api.post(`/api/calls/${callId}/operator-cancel`, { reason: 'cancelled during payment' })),
    ]);
    return [answered.status, cancelled.status];
  };

  describe('with the default payment budget (the finish asks the gateway after its charge timed out)', () => {
    let app: TestApp;
    let api: ApiClient;
    before(async () => {
      app = await startTestApp({ PAYMENT_GATEWAY_URL: simulator.url, AUTO_DISPATCH: 'off', PAYMENT_VOID_SETTLE_MS: '1000' });
      api = apiClient(app.url);
    });
    after(async () => app.stop());

    it('refunds every ride finished and then cancelled 50–210 ms later at 2,500 ms latency', async function () {
      this.timeout(40_000);
      const rides = await Promise.all([50, 130, 210].map((_, i) => drivingRide(api, `Slow${i}`)));
      simulator.setFaults({ latencyMs: 2_500 });
      const answers = await Promise.all(
        rides.map(({ callId, driverId }, i) =>
          cancelDuring(api, callId, () => api.post(`/api/calls/${callId}/finish`, { driverId }), [50, 130, 210][i]!),
        ),
      );
      expect(answers).to.deep.equal([
        [200, 200],
        [200, 200],
        [200, 200],
      ]);
      const settled = await settledCancelledRides(
        api,
        simulator.url,
        rides.map((r) => r.callId),
        20_000,
      );
      expect(settled.map((ride) => [ride.net, ride.story])).to.deep.equal(settled.map((ride) => [0, ride.expected]));
      expect(settled.map((ride) => ride.story)).to.deep.equal(Array(3).fill('cancelled, REFUNDED after 1 charge(s)'));
    });

    it('refunds a passenger’s paying again in flight at 3,000 ms when the operator cancels 300 ms later', async function () {
      this.timeout(40_000);
      const { callId, driverId, passenger } = await drivingRide(api, 'PayAgain');
      simulator.setFaults({ declineRate: 1 });
      expect((await api.post(`/api/calls/${callId}/finish`, { driverId })).body.payment.status).to.equal('FAILED');
      simulator.setFaults({ declineRate: 0, latencyMs: 3_000 });
      expect(await cancelDuring(api, callId, () => passenger.post(`/api/calls/${callId}/payment/retry`, {}), 300)).to.deep.equal([200, 200]);
      const [settled] = await settledCancelledRides(api, simulator.url, [callId], 20_000);
      expect([settled!.net, settled!.story]).to.deep.equal([0, 'cancelled, REFUNDED after 1 charge(s)']);
    });

    it('refunds an operator’s charge-now in flight at 3,000 ms when the operator cancels 300 ms later', async function () {
      this.timeout(40_000);
      const { callId, driverId } = await drivingRide(api, 'ChargeNow');
      simulator.setFaults({ outage: true });
      const finished = await api.post(`/api/calls/${callId}/finish`, { driverId });
      expect(finished.body.payment.status).to.equal('PENDING');
      simulator.setFaults({ outage: false, latencyMs: 3_000 });
      const paymentId = finished.body.payment.paymentId as string;
      expect(await cancelDuring(api, callId, () => api.post(`/api/payments/${paymentId}/retry`, {}), 300)).to.deep.equal([200, 200]);
      const [settled] = await settledCancelledRides(api, simulator.url, [callId], 20_000);
      expect([settled!.net, settled!.story]).to.deep.equal([0, 'cancelled, REFUNDED after 1 charge(s)']);
    });
  });

  describe('when the charge’s answer is lost and only the gateway’s books know it landed', () => {
    let app: TestApp;
    let api: ApiClient;
    before(async () => {
      // A budget too short to ask the gateway after the charge: the void's reconciliation must find it.
      app = await startTestApp({
        PAYMENT_GATEWAY_URL: simulator.url,
        AUTO_DISPATCH: 'off',
        PAYMENT_BUDGET_MS: '300',
        PAYMENT_VOID_SETTLE_MS: '1000',
      });
      api = apiClient(app.url);
    });
    after(async () => app.stop());

    it('asks the gateway before voiding, finds the charge and refunds it, recording each step', async function () {
      this.timeout(40_000);
      const { callId, driverId } = await drivingRide(api, 'Lost');
      simulator.setFaults({ latencyMs: 2_500 });
      const [finished] = await Promise.all([
        api.post(`/api/calls/${callId}/finish`, { driverId }),
        sleep(100).then(() => api.post(`/api/calls/${callId}/operator-cancel`, { reason: 'lost answer' })),
      ]);
      expect(finished.body.payment.status).to.equal('PENDING');
      const [settled] = await settledCancelledRides(api, simulator.url, [callId], 20_000);
      expect([settled!.net, settled!.story]).to.deep.equal([0, 'cancelled, REFUNDED after 1 charge(s)']);
      const types = (await eventStoreOf(app.container).readStream(`payment-pay-${callId}`)).map((e) => e.type);
      expect(types.filter((t) => t !== 'PaymentDeferred')).to.deep.equal([
        'PaymentRequested',
        'PaymentVoidRequested',
        'PaymentApproved',
        'PaymentRefunded',
      ]);
    });

    it('voids a payment whose charge the gateway never booked, once it says so', async function () {
      this.timeout(40_000);
      const { callId, driverId } = await drivingRide(api, 'Never');
      simulator.setFaults({ outage: true });
      expect((await api.post(`/api/calls/${callId}/finish`, { driverId })).body.payment.status).to.equal('PENDING');
      await api.post(`/api/calls/${callId}/operator-cancel`, { reason: 'never charged' });
      const [settled] = await settledCancelledRides(api, simulator.url, [callId], 20_000);
      expect([settled!.net, settled!.story]).to.deep.equal([0, 'cancelled, VOIDED after 0 charge(s)']);
      const types = (await eventStoreOf(app.container).readStream(`payment-pay-${callId}`)).map((e) => e.type);
      expect(types.filter((t) => t !== 'PaymentDeferred')).to.deep.equal(['PaymentRequested', 'PaymentVoidRequested', 'PaymentVoided']);
    });
  });
});
