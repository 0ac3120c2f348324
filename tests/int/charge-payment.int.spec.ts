import { expect } from 'chai';
import { send } from '../../src/application/aggregates.js';
import { type CommandContext, CommandHandler } from '../../src/application/command-handler.js';
import { chargePayment } from '../../src/application/payment/charge-payment.js';
import type { ChargeOutcome, ChargeRequest, GatewayCallOptions } from '../../src/application/ports/payment-gateway.js';
import { paymentIdFor, type PaymentStatus } from '../../src/domain/payment/payment.js';
import { systemActor } from '../../src/domain/shared/actor.js';
import { HttpPaymentGateway } from '../../src/infrastructure/payment-gateway/http-payment-gateway.js';
import { type RunningSimulator, startPaymentGatewaySimulator } from '../../src/infrastructure/payment-gateway/simulator.js';
import { scratchEventStore } from '../support/scratch-event-store.js';

/** The real HTTP adapter, noting every charge request the use case hands it. */
class RecordingGateway extends HttpPaymentGateway {
  readonly charges: ChargeRequest[] = [];
  override charge(request: ChargeRequest, options?: GatewayCallOptions): Promise<ChargeOutcome> {
    this.charges.push(request);
    return super.charge(request, options);
  }
}

const context: CommandContext = {
  correlationId: 'call-key',
  causationId: 'call-key',
  actor: systemActor('test'),
  timestamp: new Date(0).toISOString(),
};
const clock = { now: () => new Date() };

describe('Charging a payment over many attempts', () => {
  const scratch = scratchEventStore('taxi-charge-');
  let simulator: RunningSimulator;
  before(async () => {
    // Seeded: the same requests fail, the same way, on every run.
    simulator = await startPaymentGatewaySimulator({ seed: 7 });
  });
  after(async () => simulator.close());

  it('hands the gateway the payment id as idempotency key on every attempt, and is charged once', async () => {
    const gateway = new RecordingGateway({
      baseUrl: simulator.url,
      budgetMs: 1_000,
      backoff: { initialDelayMs: 5, maxDelayMs: 20 },
      breaker: { consecutiveFailures: 1_000 },
    });
    const commands = new CommandHandler(scratch.store);
    const callId = 'call-key';
    const paymentId = paymentIdFor(callId);
    const requestedAt = new Date().toISOString();
    await send(
      commands,
      {
        aggregate: 'payment',
        id: paymentId,
        command: {
          type: 'RequestPayment',
          data: { paymentId, callId, passengerId: 'p-key', amount: { amount: 1000, currency: 'KRW' }, requestedAt },
        },
      },
      context,
    );
    const deps = { commands, clock, gateway, retryDelayMs: () => 0 };

    simulator.setFaults({ outage: true });
    const statuses: PaymentStatus[] = [await chargePayment(deps, paymentId, context, 1_000)];
    // Most requests fail, some of them after the charge was booked: only the key makes retrying safe.
    simulator.setFaults({ outage: false, errorRate: 0.8 });
    while (statuses.at(-1) === 'PENDING' && statuses.length < 20) statuses.push(await chargePayment(deps, paymentId, context, 1_000));

    expect(statuses[0]).to.equal('PENDING');
    expect(statuses.at(-1)).to.equal('APPROVED');
    expect(gateway.charges.length).to.equal(statuses.length);
    expect(gateway.charges.map((request) => request.idempotencyKey)).to.deep.equal(gateway.charges.map(() => paymentId));
    expect(simulator.stats().chargesCreated).to.equal(1);
  });
});
