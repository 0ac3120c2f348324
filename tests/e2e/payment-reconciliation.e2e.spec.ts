import { expect } from 'chai';
import { type RunningSimulator, startPaymentGatewaySimulator } from '../../src/infrastructure/payment-gateway/simulator.js';
import { apiClient, onlineDriver } from '../support/http-client.js';
import { eventStoreOf, eventually, paymentStatuses, rideToTheEnd } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** A payment is never failed while the gateway holds its charge: failing it would let the ride be charged twice. */
describe('Payment reconciliation with the gateway', () => {
  let simulator: RunningSimulator;
  let app: TestApp;
  before(async () => {
    // Every charge is booked, then answered after the client gave up on it.
    simulator = await startPaymentGatewaySimulator({ faults: { latencyMs: 800 } });
    app = await startTestApp({
      AUTO_DISPATCH: 'off',
      PAYMENT_GATEWAY_URL: simulator.url,
      PAYMENT_GATEWAY_ATTEMPT_TIMEOUT_MS: '200',
      PAYMENT_GATEWAY_MAX_ATTEMPTS: '1',
      PAYMENT_BUDGET_MS: '250',
      PAYMENT_RETRY_BUDGET_MS: '250',
      PAYMENT_RETRY_BASE_MS: '100',
      PAYMENT_RETRY_GRACE_MS: '300',
      PAYMENT_RETRY_MAX_ATTEMPTS: '1',
    });
  });
  after(async () => {
    await app.stop();
    await simulator.close();
  });

  it('approves, with the gateway’s charge, a payment given up while its charge was booked', async function () {
    this.timeout(20_000);
    const api = apiClient(app.url);
    const { callId, finished } = await rideToTheEnd(api, await onlineDriver(api, 'Late'), 'p-reconciled');
    expect(finished.body.payment.status).to.equal('PENDING');
    const store = eventStoreOf(app.container);
    await eventually(
      async () => ['APPROVED', 'FAILED'].includes((await paymentStatuses(store, [callId])).get(callId)!),
      10_000,
      'the payment settled',
    );
    const charges = ((await (await fetch(`${simulator.url}/charges?reference=pay-${callId}`)).json()) as { charges: Array<{ chargeId: string }> })
      .charges;
    expect(charges).to.have.length(1);
    const last = (await store.readStream(`payment-pay-${callId}`)).at(-1)!;
    expect([last.type, (last.data as { gatewayReference?: string }).gatewayReference]).to.deep.equal(['PaymentApproved', charges[0]!.chargeId]);
  });
});

describe('A finish whose charge timed out but was booked', () => {
  let simulator: RunningSimulator;
  let app: TestApp;
  before(async () => {
    // The gateway books every charge at once and answers after the default finish budget (1,500 ms).
    simulator = await startPaymentGatewaySimulator({ faults: { latencyMs: 2_500 } });
    app = await startTestApp({ AUTO_DISPATCH: 'off', PAYMENT_GATEWAY_URL: simulator.url, PAYMENT_RETRY_GRACE_MS: '60000' });
  });
  after(async () => {
    await app.stop();
    await simulator.close();
  });

  it('answers APPROVED at once, with the charge the gateway says it booked', async function () {
    this.timeout(20_000);
    const api = apiClient(app.url);
    const { callId, finished } = await rideToTheEnd(api, await onlineDriver(api, 'Booked'), 'p-booked');
    expect([finished.status, finished.body.payment.status]).to.deep.equal([200, 'APPROVED']);
    const [charge] = ((await (await fetch(`${simulator.url}/charges?reference=pay-${callId}`)).json()) as { charges: Array<{ chargeId: string }> })
      .charges;
    const events = await eventStoreOf(app.container).readStream(`payment-pay-${callId}`);
    expect(events.map((e) => [e.type, (e.data as { gatewayReference?: string }).gatewayReference])).to.deep.equal([
      ['PaymentRequested', undefined],
      ['PaymentApproved', charge!.chargeId],
    ]);
  });
});
