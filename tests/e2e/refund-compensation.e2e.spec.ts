import { expect } from 'chai';
import { send } from '../../src/application/aggregates.js';
import type { CommandHandler } from '../../src/application/command-handler.js';
import type { SettlePayment } from '../../src/application/driving/finish-ride.js';
import { REFERENCE_TARIFF } from '../../src/domain/driving/fare.js';
import { type RunningSimulator, NO_FAULTS, startPaymentGatewaySimulator } from '../../src/infrastructure/payment-gateway/simulator.js';
import { TOKENS } from '../../src/infrastructure/tokens.js';
import { type ApiClient, apiClient, onlineDriver, requestRide } from '../support/http-client.js';
import { eventStoreOf, eventually, paymentStatuses, rideToTheEnd } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver.js';

describe('Refund compensation', () => {
  let simulator: RunningSimulator;
  let receiver: WebhookReceiver;
  let app: TestApp;
  let api: ApiClient;

  before(async () => {
    simulator = await startPaymentGatewaySimulator({ seed: 19 });
    receiver = await startWebhookReceiver();
  });
  beforeEach(async () => {
    simulator.setFaults(NO_FAULTS);
    await fetch(`${simulator.url}/admin/reset`, { method: 'POST' });
    app = await startTestApp({
      PAYMENT_GATEWAY_URL: simulator.url,
      NOTIFY_WEBHOOK_URL: receiver.url,
      PAYMENT_RETRY_BASE_MS: '100',
      PAYMENT_RETRY_MAX_DELAY_MS: '500',
    });
    api = apiClient(app.url);
  });
  afterEach(async () => app.stop());
  after(async () => {
    await receiver.down();
    await simulator.close();
  });

  const statusOf = async (callId: string) => (await paymentStatuses(eventStoreOf(app.container), [callId])).get(callId);

  describe('when an operator cancels a paid ride', () => {
    it('refunds the payment once at the gateway, records PaymentRefunded and tells the passenger', async () => {
      const driverId = await onlineDriver(api, 'Refund');
      const { callId, finished } = await rideToTheEnd(api, driverId, 'p-refund');
      expect(finished.body.payment.status).to.equal('APPROVED');
      const cancelled = await api.post(`/api/calls/${callId}/operator-cancel`, { reason: 'fare complaint' });
      expect(cancelled.status).to.equal(200);

      await eventually(async () => (await statusOf(callId)) === 'REFUNDED', 10_000, 'payment refunded');
      const refunded = (await eventStoreOf(app.container).readStream(`payment-pay-${callId}`)).at(-1)!;
      expect(refunded.type).to.equal('PaymentRefunded');
      expect(refunded.metadata).to.include({ correlationId: callId });
      expect(simulator.stats()).to.include({ chargesCreated: 1, refundsCreated: 1 });
      await eventually(() => receiver.forCall(callId).some((n) => n.kind === 'PAYMENT_REFUNDED'), 10_000, 'passenger told about the refund');
      expect(receiver.forCall(callId).map((n) => n.kind)).to.include('CALL_CANCELLED');
    });
  });

  describe('when an operator cancels a ride whose payment is still pending', () => {
    it('voids it (VOIDED, not FAILED) and stops retrying it, so the gateway never charges it even once it is back', async () => {
      simulator.setFaults({ outage: true });
      const driverId = await onlineDriver(api, 'Pending');
      const { callId, finished } = await rideToTheEnd(api, driverId, 'p-pending');
      expect(finished.body.payment.status).to.equal('PENDING');
      await api.post(`/api/calls/${callId}/operator-cancel`, {});
      await eventually(async () => (await statusOf(callId)) === 'VOIDED', 10_000, 'payment voided');
      // Another ride left pending by the same outage, not cancelled: the retry worker charges it once the gateway is back.
      const witness = await rideToTheEnd(api, await onlineDriver(api, 'Witness'), 'p-witness');
      expect(witness.finished.body.payment.status).to.equal('PENDING');
      simulator.setFaults({ outage: false });
      // The proof that no charge is still to come: the worker charged what it held once the gateway was back, and holds nothing now.
      const backlog = async () => Number(/^taxi_payment_retry_backlog\{[^}]*\} (\d+)/m.exec(await (await fetch(`${app.url}/metrics`)).text())?.[1]);
      await eventually(async () => (await statusOf(witness.callId)) === 'APPROVED', 20_000, 'the other pending payment charged');
      await eventually(async () => (await backlog()) === 0, 10_000, 'the retry worker holding no payment');
      const last = (await eventStoreOf(app.container).readStream(`payment-pay-${callId}`)).at(-1)!;
      expect([last.type, (last.data as { reason: string }).reason]).to.deep.equal(['PaymentVoided', 'CALL_CANCELLED']);
      expect(simulator.stats().chargesCreated, 'only the other ride charged').to.equal(1);
      const entry = await api.get(`/api/calls/${callId}`);
      expect(entry.body.paymentStatus).to.equal('VOIDED');
      await eventually(() => receiver.forCall(callId).some((n) => n.kind === 'PAYMENT_VOIDED'), 10_000, 'passenger told the payment was voided');
      expect(receiver.forCall(callId).map((n) => n.kind)).to.not.include('PAYMENT_FAILED');
    });
  });

  describe("when an operator cancel lands between the finish request's status check and its charge", () => {
    it('still ends with nothing charged: the late approval is refunded', async () => {
      const driverId = await onlineDriver(api, 'Race');
      const callId = await requestRide(api, 'p-race');
      await api.post(`/api/calls/${callId}/accept`, { driverId });
      await api.post(`/api/calls/${callId}/start`, { driverId });
      // The finish request checked the call (still driving) …
      await api.post(`/api/calls/${callId}/operator-cancel`, { reason: 'driver misconduct' });
      // … and then, unaware of the cancel, does what follows its check.
      const commands = app.container.get<CommandHandler>(TOKENS.CommandHandler);
      const settlePayment = app.container.get<SettlePayment>(TOKENS.SettlePayment);
      const at = new Date().toISOString();
      const context = { correlationId: callId, causationId: 'racing-finish', actor: { role: 'driver' as const, id: driverId }, timestamp: at };
      await send(
        commands,
        { aggregate: 'driving', id: callId, command: { type: 'FinishRide', data: { callId, driverId, finishedAt: at, tariff: REFERENCE_TARIFF } } },
        context,
      );
      const paymentId = `pay-${callId}`;
      await send(
        commands,
        {
          aggregate: 'payment',
          id: paymentId,
          command: {
            type: 'RequestPayment',
            data: { paymentId, callId, passengerId: 'p-race', amount: { amount: 1000, currency: 'KRW' }, requestedAt: at },
          },
        },
        context,
      );
      await settlePayment(paymentId, context);

      await eventually(async () => ['REFUNDED', 'VOIDED'].includes((await statusOf(callId))!), 10_000, 'no charge left standing');
      const { chargesCreated, refundsCreated } = simulator.stats();
      expect(chargesCreated - refundsCreated, 'charges left standing at the gateway').to.equal(0);
    });
  });

  describe('when an operator cancel and a finish arrive at the same moment', () => {
    // The rule under a race (docs/architecture.md, "An operator cancel racing a finish"): no net
    // charge — either nothing is charged, or exactly one charge and exactly its refund.
    it('ends every ride with no charge, or one charge and its refund', async () => {
      const driverIds = await Promise.all(Array.from({ length: 8 }, (_, i) => onlineDriver(api, `Racer${i}`)));
      const raced = await Promise.all(
        driverIds.map(async (driverId, i) => {
          const callId = await requestRide(api, `p-racer-${i}`);
          await api.post(`/api/calls/${callId}/accept`, { driverId });
          await api.post(`/api/calls/${callId}/start`, { driverId });
          const [finished, cancelled] = await Promise.all([
            api.post(`/api/calls/${callId}/finish`, { driverId }),
            api.post(`/api/calls/${callId}/operator-cancel`, { reason: 'race' }),
          ]);
          expect(cancelled.status).to.equal(200);
          return { callId, finishStatus: finished.status, refusal: finished.body.error?.code as string | undefined };
        }),
      );
      await eventually(
        async () =>
          [
            ...(
              await paymentStatuses(
                eventStoreOf(app.container),
                raced.map((r) => r.callId),
              )
            ).values(),
          ].every((s) => ['NONE', 'FAILED', 'REFUNDED'].includes(s)),
        15_000,
        'no payment left open or approved',
      );
      for (const { callId, finishStatus, refusal } of raced) {
        if (finishStatus === 409) {
          expect(refusal).to.equal('CALL_ALREADY_CANCELLED');
          expect(await eventStoreOf(app.container).readStream(`payment-pay-${callId}`), 'a refused finish requests no payment').to.have.length(0);
        } else expect(finishStatus).to.equal(200);
        const { charges } = (await (await fetch(`${simulator.url}/charges?reference=pay-${callId}`)).json()) as {
          charges: Array<{ amount: { amount: number }; refundedAmount: number }>;
        };
        expect(charges.length, `charges booked for ${callId}`).to.be.at.most(1);
        for (const charge of charges) expect(charge.refundedAmount, `refunded share of ${callId}'s charge`).to.equal(charge.amount.amount);
      }
      const { chargesCreated, refundsCreated } = simulator.stats();
      expect(refundsCreated).to.equal(chargesCreated);
    });
  });
});
