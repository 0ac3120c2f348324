import { checkpointNames } from '../ports/checkpoint-store.js';
import { callDecider, callStream } from '../../domain/call/call.js';
import {
  type FailPayment,
  type PaymentCommand,
  paymentDecider,
  paymentStream,
  type RequestVoid,
  type VoidPayment,
} from '../../domain/payment/payment.js';
import { isDomainError } from '../../domain/shared/domain-error.js';
import { send } from '../aggregates.js';
import type { CommandContext } from '../command-handler.js';
import { contextForProcess } from '../context.js';
import type { CheckpointStore } from '../ports/checkpoint-store.js';
import type { EventStore } from '../ports/event-store.js';
import type { LogFollower, FollowerLogger } from '../log-follower/log-follower.js';
import { followFromCheckpoint, CheckpointedFollower } from '../log-follower/checkpointed-follower.js';
import { type ChargePaymentDependencies, chargePayment } from './charge-payment.js';
import { type OpenPayment, PaymentDueList, type RetryPolicy, nextStep } from './payment-retry.js';

export type PaymentRetryWorkerDependencies = ChargePaymentDependencies & {
  eventStore: EventStore;
  checkpoints: CheckpointStore;
  logger: FollowerLogger & { info: (details: object, message: string) => void };
};

export type PaymentRetryOptions = RetryPolicy & {
  /** Time one background charge may take, the gateway client's retries included. */
  budgetMs: number;
  /** Charges in flight at once. */
  concurrency: number;
};

/** A timer longer than this is re-armed: a far-away retryAt must not depend on one huge timeout. */
const MAX_SLEEP_MS = 60_000;
/** After an attempt failed on our side (store error), the payment is tried again this much later. */
const LOCAL_BACKOFF_MS = 1_000;
/** A payment to give up whose charge the gateway could not confirm or deny is asked about again this much later. */
const RECONCILE_BACKOFF_MS = 15_000;

/** The gateway could not say whether a payment about to be failed was charged: it stays open. */
class ChargeUnknown extends Error {
  override readonly name = 'ChargeUnknown';
}

/**
 * "Pay later": charges every payment left open — deferred ones from their `retryAt`, requested
 * ones nobody charged within the grace period — with the same idempotency key (the payment id),
 * until approved, declined, or the documented limit is reached and it records `FailPayment`.
 * It learns payments from the log and sleeps until the earliest one is due; its checkpoint is
 * the low-water mark of the payments still open, so a restart rebuilds the same timers.
 * A payment whose call was cancelled meanwhile is not charged but voided (`CALL_CANCELLED`).
 */
export class PaymentRetryWorker extends CheckpointedFollower {
  readonly name = checkpointNames.process('payment-retry');
  protected readonly follower: LogFollower;
  private dueList: PaymentDueList;
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Payments whose last attempt failed on our side, with the time before which they are left alone. */
  private readonly holdUntil = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly deps: PaymentRetryWorkerDependencies,
    private readonly options: PaymentRetryOptions,
  ) {
    super();
    this.dueList = new PaymentDueList(options);
    this.follower = followFromCheckpoint(deps, this.name, async (events) => {
      for (const event of events) this.dueList.apply(event);
      this.wakeUp();
      return this.dueList.lowWaterMark(events.at(-1)!.position);
    });
  }

  /** Payments this worker currently knows to be open (for tests and metrics). */
  get openPayments(): number {
    return this.dueList.size;
  }

  override start(): void {
    if (this.running) return;
    this.running = true;
    // Rebuilt from the checkpoint on every start: the log is the only state.
    this.dueList = new PaymentDueList(this.options);
    this.holdUntil.clear();
    this.follower.start();
  }

  override async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    // Attempts in flight wait for the subscription to see their outcome, so it stops last.
    await Promise.allSettled([...this.inFlight.values()]);
    await this.follower.stop();
  }

  /** Re-arms the timer for the earliest payment due; runs what is due now at once. */
  private wakeUp(): void {
    clearTimeout(this.timer);
    if (!this.running) return;
    const now = this.deps.clock.now().getTime();
    this.runDue(now);
    const skip = new Set(this.inFlight.keys());
    const candidates = [this.dueList.nextDueAt(skip), ...[...this.holdUntil.values()]].filter((at): at is number => at !== undefined);
    if (candidates.length === 0) return;
    // When every slot is busy, a finishing attempt calls wakeUp again; no need to spin.
    if (this.inFlight.size >= this.options.concurrency) return;
    const delay = Math.min(MAX_SLEEP_MS, Math.max(1, Math.min(...candidates) - now));
    this.timer = setTimeout(() => this.wakeUp(), delay);
  }

  private runDue(now: number): void {
    for (const [paymentId, until] of this.holdUntil) if (until <= now) this.holdUntil.delete(paymentId);
    const skip = new Set([...this.inFlight.keys(), ...this.holdUntil.keys()]);
    for (const payment of this.dueList.due(now, skip)) {
      if (this.inFlight.size >= this.options.concurrency) return;
      const attempt = this.attempt(payment, now)
        .catch((error: unknown) => {
          const unknown = error instanceof ChargeUnknown;
          this.deps.logger.warn(
            { paymentId: payment.paymentId, err: error },
            unknown ? 'payment left open until the gateway can be asked' : 'payment retry failed; trying again shortly',
          );
          this.holdUntil.set(payment.paymentId, this.deps.clock.now().getTime() + (unknown ? RECONCILE_BACKOFF_MS : LOCAL_BACKOFF_MS));
        })
        .finally(() => {
          this.inFlight.delete(payment.paymentId);
          this.wakeUp();
        });
      this.inFlight.set(payment.paymentId, attempt);
    }
  }

  private async attempt(payment: OpenPayment, now: number): Promise<void> {
    const { paymentId, callId } = payment;
    const step = nextStep(payment, now, this.options);
    const context = this.contextFor(payment);
    if (step.kind === 'wait') return;
    if (step.kind === 'reconcileVoid') {
      await this.settleUnlessCharged(payment, context, {
        type: 'VoidPayment',
        data: { paymentId, callId, reason: 'CALL_CANCELLED', voidedAt: context.timestamp },
      });
    } else if ((await this.deps.commands.load(callDecider, callStream(callId))).state.status === 'cancelled') {
      // Compensation requests the void too; whoever is first, the other's request changes nothing.
      const requestVoid: RequestVoid = { type: 'RequestVoid', data: { paymentId, callId, reason: 'CALL_CANCELLED', requestedAt: context.timestamp } };
      await this.sendUnlessSettled(paymentId, requestVoid, context);
    } else if (step.kind === 'giveUp') {
      this.deps.logger.info({ paymentId, attempts: payment.attempts, reason: step.reason }, 'giving up on payment');
      await this.settleUnlessCharged(payment, context, {
        type: 'FailPayment',
        data: { paymentId, callId, reason: step.reason, failedAt: context.timestamp },
      });
    } else {
      const status = await chargePayment(this.deps, paymentId, context, this.options.budgetMs);
      this.deps.logger.info({ paymentId, attempt: payment.attempts + 1, status }, 'payment retried');
    }
    // Held in flight until the log shows the outcome, so the same state is never acted on twice.
    const { position } = await this.deps.commands.load(paymentDecider, paymentStream(paymentId));
    await this.follower.waitFor(position, 5_000);
  }

  /**
   * A payment is failed (or its void confirmed) only once the gateway says it holds no charge of
   * it: an attempt that timed out or got a 5xx may have been booked. A booked charge is recorded as
   * approved (and refunded by compensation if the call was cancelled). A gateway that cannot say
   * leaves the payment open: the attempt fails and the gateway is asked again later.
   */
  private async settleUnlessCharged(payment: OpenPayment, context: CommandContext, command: FailPayment | VoidPayment): Promise<void> {
    const { paymentId, callId } = payment;
    const lookup = await this.deps.gateway.findCharge(paymentId, { budgetMs: this.options.budgetMs });
    if (lookup.kind === 'unavailable')
      throw new ChargeUnknown(
        `Cannot settle payment ${paymentId} (${command.data.reason}) before the gateway says whether it was charged: ${lookup.reason}`,
      );
    if (lookup.kind === 'found') {
      const approve = { paymentId, callId, gatewayReference: lookup.gatewayReference, approvedAt: context.timestamp };
      await this.sendUnlessSettled(paymentId, { type: 'ApprovePayment', data: approve }, context);
      this.deps.logger.info({ paymentId, reason: command.data.reason }, 'payment found charged at the gateway; approved instead of settled unpaid');
      this.deps.onOutcome?.('approved');
      return;
    }
    await this.sendUnlessSettled(paymentId, command, context);
  }

  private async sendUnlessSettled(paymentId: string, command: PaymentCommand, context: CommandContext): Promise<void> {
    try {
      await send(this.deps.commands, { aggregate: 'payment', id: paymentId, command }, context);
    } catch (error) {
      // Approved meanwhile (by the finish request, or a charge that was still in flight): settled.
      if (!isDomainError(error) || error.code !== 'PAYMENT_ALREADY_SETTLED') throw error;
    }
  }

  private contextFor(payment: OpenPayment): CommandContext {
    // The actor keeps the name it had before checkpoint names got their `process:` prefix: events say who acted, unchanged.
    return contextForProcess('payment-retry', payment.callId, payment.lastEventId, this.deps.clock.now());
  }
}
