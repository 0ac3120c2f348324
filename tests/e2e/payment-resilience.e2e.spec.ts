import { expect } from 'chai';
import type { CommandHandler } from '../../src/application/command-handler.js';
import { send } from '../../src/application/aggregates.js';
import { type RunningSimulator, NO_FAULTS, startPaymentGatewaySimulator } from '../../src/infrastructure/payment-gateway/simulator.js';
import { TOKENS } from '../../src/infrastructure/tokens.js';
import { apiClient, onlineDriver } from '../support/http-client.js';
import { eventStoreOf, eventually, manyRides, paymentStatuses, rideToTheEnd } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver.js';

const BUDGET_MS = 1_500;

const chargesAt = async (simulator: RunningSimulator, paymentId: string) => {
  const response = await fetch(`${simulator.url}/charges?reference=${paymentId}`);
  return ((await response.json()) as { charges: unknown[] }).charges.length;
};

describe('Payment resilience', () => {
  let simulator: RunningSimulator;
  let receiver: WebhookReceiver;
  let app: TestApp | undefined;
  const appWith = async (env: Record<string, string> = {}, options: { keepDataDir?: boolean } = {}) =>
    (app = await startTestApp(
      {
        PAYMENT_GATEWAY_URL: simulator.url,
        NOTIFY_WEBHOOK_URL: receiver.url,
        PAYMENT_BUDGET_MS: String(BUDGET_MS),
        PAYMENT_RETRY_BASE_MS: '100',
        PAYMENT_RETRY_MAX_DELAY_MS: '1000',
        PAYMENT_RETRY_GRACE_MS: '2000',
        PAYMENT_RETRY_MAX_ATTEMPTS: '100',
        ...env,
      },
      options,
    ));

  before(async () => {
    simulator = await startPaymentGatewaySimulator({ seed: 19 });
    receiver = await startWebhookReceiver();
  });
  beforeEach(async () => {
    simulator.setFaults(NO_FAULTS);
    await fetch(`${simulator.url}/admin/reset`, { method: 'POST' });
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });
  after(async () => {
    await receiver.down();
    await simulator.close();
  });

  describe('when the gateway fails 30 % of its calls and has 2 s latency spikes', () => {
    it('approves every one of 200 rides with exactly one charge each', async function () {
      this.timeout(180_000);
      const api = apiClient((await appWith()).url);
      simulator.setFaults({ errorRate: 0.3, latencySpikeMs: 2_000, latencySpikeRate: 0.1 });
      const rides = await manyRides(api, 200, 10, 'p-flaky');
      const pendingAtFinish = rides.filter((r) => r.finished.body.payment.status === 'PENDING').length;
      expect(
        rides.every((r) => r.finished.status === 200),
        'every finish answered 200',
      ).to.equal(true);

      const store = eventStoreOf(app!.container);
      const callIds = rides.map((r) => r.callId);
      await eventually(
        async () => [...(await paymentStatuses(store, callIds)).values()].every((s) => s === 'APPROVED' || s === 'FAILED'),
        120_000,
        'every payment settled',
        250,
      );
      const statuses = [...(await paymentStatuses(store, callIds)).values()];
      expect(statuses.filter((s) => s === 'APPROVED')).to.have.length(200);
      expect(simulator.stats().chargesCreated, 'charges booked at the gateway').to.equal(200);
      simulator.setFaults(NO_FAULTS);
      const chargeCounts = await Promise.all(callIds.map((callId) => chargesAt(simulator, `pay-${callId}`)));
      expect(
        chargeCounts.every((n) => n === 1),
        'one charge per payment',
      ).to.equal(true);
      console.log(`      200 rides: ${pendingAtFinish} PENDING at finish; gateway stats ${JSON.stringify(simulator.stats())}`);
    });
  });

  describe('when the gateway hangs', () => {
    // Its answers take a minute, three times the test's timeout: a finish can only answer at all
    // if it gives up its charge within its budget. The simulator books the charge before it hangs,
    // so the look-up by reference the finish keeps part of its budget for finds it: APPROVED.
    it('finishes within its budget, with the charge the gateway booked before it hung', async () => {
      const api = apiClient((await appWith({ PAYMENT_BUDGET_MS: '500' })).url);
      simulator.setFaults({ latencyMs: 60_000 });
      const { finished } = await rideToTheEnd(api, await onlineDriver(api, 'Hang'), 'p-hang');
      expect([finished.status, finished.body.payment.status]).to.deep.equal([200, 'APPROVED']);
    });
  });

  describe('when the gateway is down', () => {
    it('finishes with the payment PENDING, then approves it without any user action once the gateway is back, and tells the passenger', async function () {
      this.timeout(60_000);
      const api = apiClient((await appWith()).url);
      simulator.setFaults({ outage: true });
      const driverId = await onlineDriver(api, 'Outage');
      const { callId, finished } = await rideToTheEnd(api, driverId, 'p-outage');
      expect([finished.status, finished.body.status, finished.body.payment.status]).to.deep.equal([200, 'FINISHED', 'PENDING']);

      // Retried in the background and deferred again while the gateway stays down.
      const store = eventStoreOf(app!.container);
      const deferrals = async () => (await store.readStream(`payment-pay-${callId}`)).filter((e) => e.type === 'PaymentDeferred').length;
      await eventually(async () => (await deferrals()) >= 2, 10_000, 'a background retry deferred again');
      expect((await paymentStatuses(store, [callId])).get(callId)).to.equal('PENDING');
      // Operators see it waiting (the retry backlog alert and dashboard panel read this gauge).
      const backlog = async () => Number(/^taxi_payment_retry_backlog\{[^}]*\} (\d+)/m.exec(await (await fetch(`${app!.url}/metrics`)).text())?.[1]);
      expect(await backlog()).to.equal(1);
      simulator.setFaults({ outage: false });
      await eventually(async () => (await paymentStatuses(store, [callId])).get(callId) === 'APPROVED', 20_000, 'payment approved');
      expect(await chargesAt(simulator, `pay-${callId}`)).to.equal(1);
      await eventually(async () => (await backlog()) === 0, 10_000, 'the backlog empty once approved');

      const types = (await store.readStream(`payment-pay-${callId}`)).map((e) => e.type);
      expect(types[0]).to.equal('PaymentRequested');
      expect(types.at(-1)).to.equal('PaymentApproved');
      await eventually(() => receiver.forCall(callId).some((n) => n.kind === 'PAYMENT_APPROVED'), 10_000, 'passenger told it was paid');
      const told = receiver.forCall(callId).map((n) => n.kind);
      expect(told).to.include.members(['CALL_REQUESTED', 'RIDE_FINISHED', 'PAYMENT_PENDING', 'PAYMENT_APPROVED']);
      expect(receiver.forCall(callId).every((n) => n.recipient.id === 'p-outage')).to.equal(true);
    });

    it('keeps retrying a pending payment across a restart of the workers, since their timers are rebuilt from the log', async function () {
      this.timeout(60_000);
      const slowRetries = { PAYMENT_RETRY_BASE_MS: '2000', PAYMENT_RETRY_MAX_DELAY_MS: '2000' };
      const first = await appWith(slowRetries, { keepDataDir: true });
      simulator.setFaults({ outage: true });
      const api = apiClient(first.url);
      const { callId, finished } = await rideToTheEnd(api, await onlineDriver(api, 'Restart'), 'p-restart');
      expect(finished.body.payment.status).to.equal('PENDING');
      await first.stop();
      app = undefined;

      simulator.setFaults({ outage: false });
      const again = await appWith({ ...slowRetries, DATA_DIR: first.dataDir });
      const store = eventStoreOf(again.container);
      await eventually(async () => (await paymentStatuses(store, [callId])).get(callId) === 'APPROVED', 15_000, 'payment approved after the restart');
      expect(simulator.stats().chargesCreated).to.equal(1);
    });

    it('gives a payment up after the documented number of attempts', async function () {
      this.timeout(30_000);
      const api = apiClient((await appWith({ PAYMENT_RETRY_MAX_ATTEMPTS: '3' })).url);
      simulator.setFaults({ outage: true });
      const driverId = await onlineDriver(api, 'GiveUp');
      const { callId } = await rideToTheEnd(api, driverId, 'p-give-up');
      const store = eventStoreOf(app!.container);
      await eventually(async () => (await paymentStatuses(store, [callId])).get(callId) === 'FAILED', 15_000, 'payment given up');
      const events = await store.readStream(`payment-pay-${callId}`);
      expect(events.filter((e) => e.type === 'PaymentDeferred')).to.have.length(3);
      expect(events.at(-1)!.data).to.include({ reason: 'RETRIES_EXHAUSTED' });
      expect(simulator.stats().chargesCreated).to.equal(0);
    });
  });

  describe('when the finish request died between requesting the payment and charging it', () => {
    it('charges the payment after the grace period', async function () {
      this.timeout(20_000);
      const started = await appWith({ PAYMENT_RETRY_GRACE_MS: '500' });
      const commands = started.container.get<CommandHandler>(TOKENS.CommandHandler);
      const paymentId = 'pay-crashed-1';
      const requestedAt = new Date().toISOString();
      const context = { correlationId: 'crashed-1', causationId: 'test', actor: { role: 'system' as const, id: 'test' }, timestamp: requestedAt };
      await send(
        commands,
        {
          aggregate: 'payment',
          id: paymentId,
          command: {
            type: 'RequestPayment',
            data: { paymentId, callId: 'crashed-1', passengerId: 'p-crash', amount: { amount: 5000, currency: 'KRW' }, requestedAt },
          },
        },
        context,
      );
      const store = eventStoreOf(started.container);
      await eventually(async () => (await paymentStatuses(store, ['crashed-1'])).get('crashed-1') === 'APPROVED', 10_000, 'payment charged');
      // The grace rule, read from what the log recorded rather than from a stopwatch in the test.
      const approved = (await store.readStream(`payment-${paymentId}`)).find((e) => e.type === 'PaymentApproved')!;
      expect(Date.parse((approved.data as { approvedAt: string }).approvedAt) - Date.parse(requestedAt)).to.be.at.least(500);
      expect(simulator.stats().chargesCreated).to.equal(1);
    });
  });
});
