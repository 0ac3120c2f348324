import { callDecider, callStream } from '../../domain/call/call.js';
import { paymentDecider, paymentIdFor, paymentStream } from '../../domain/payment/payment.js';
import { systemActor } from '../../domain/shared/actor.js';
import { isDomainError } from '../../domain/shared/domain-error.js';
import { send } from '../aggregates.js';
import type { CommandContext, CommandHandler } from '../command-handler.js';
import { contextFromEvent } from '../context.js';
import { type CheckpointStore, checkpointNames } from '../ports/checkpoint-store.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';
import type { PaymentGateway } from '../ports/payment-gateway.js';
import type { LogFollower, FollowerLogger } from '../log-follower/log-follower.js';
import { followFromCheckpoint, CheckpointedFollower } from '../log-follower/checkpointed-follower.js';
import { type Compensation, compensationFor, compensationTrigger, refundKeyFor } from './payment-compensation.js';

export type PaymentCompensationDependencies = {
  eventStore: EventStore;
  commands: CommandHandler;
  checkpoints: CheckpointStore;
  clock: Clock;
  gateway: PaymentGateway;
  logger: FollowerLogger & { info: (details: object, message: string) => void };
};

export type PaymentCompensationOptions = {
  /** Time one refund call may take, the gateway client's retries included. */
  budgetMs: number;
  /** Waits between refund calls while the gateway is unavailable: from `initialMs` doubling up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
};

class Stopping extends Error {
  override readonly name = 'Stopping';
}

/**
 * Runs the compensation rule (payment-compensation.ts) after every event that may break it.
 * Each step is idempotent — FailPayment and RefundPayment answer `[]` when done, the refund
 * reaches the gateway with the key `refund-<paymentId>` — so a replay or a second replica never
 * refunds twice. While the gateway is unavailable the worker waits and tries the same refund
 * again rather than skip it; on stop it keeps its checkpoint before that event, so the next
 * holder of the lease resumes there.
 */
export class PaymentCompensationWorker extends CheckpointedFollower {
  readonly name = checkpointNames.process('payment-compensation');
  protected readonly follower: LogFollower;
  private running = false;
  private wakeFromBackoff: (() => void) | undefined;

  constructor(
    private readonly deps: PaymentCompensationDependencies,
    private readonly options: PaymentCompensationOptions,
  ) {
    super();
    this.follower = followFromCheckpoint(deps, this.name, (events, progress) => this.handleBatch(events, progress));
  }

  override start(): void {
    this.running = true;
    this.follower.start();
  }

  override async stop(): Promise<void> {
    this.running = false;
    this.wakeFromBackoff?.();
    await this.follower.stop();
  }

  /** Safe to commit: the last event handled, also when stopped or failing half-way. */
  private async handleBatch(events: RecordedEvent[], progress: (position: number) => Promise<void>): Promise<number | undefined> {
    let handled: number | undefined;
    try {
      for (const event of events) {
        const callId = compensationTrigger(event);
        if (callId) await this.enforce(callId, event);
        handled = event.position;
      }
      return handled;
    } catch (error) {
      if (error instanceof Stopping) return handled;
      if (handled !== undefined) await progress(handled);
      throw error;
    }
  }

  /** Brings one call's payment to the end state the rule demands; re-checks after a lost race. */
  private async enforce(callId: string, cause: RecordedEvent): Promise<void> {
    const paymentId = paymentIdFor(callId);
    for (let round = 0; round < 3; round++) {
      const { state: call } = await this.deps.commands.load(callDecider, callStream(callId));
      const { state: payment } = await this.deps.commands.load(paymentDecider, paymentStream(paymentId));
      const compensation = compensationFor(call, payment);
      if (compensation.kind === 'none') return;
      const context = contextFromEvent(cause, systemActor('payment-compensation'), this.deps.clock.now());
      try {
        await this.apply(compensation, context);
        return;
      } catch (error) {
        // Settled by somebody else between our read and our write: look again.
        if (!isDomainError(error) || error.code !== 'PAYMENT_ALREADY_SETTLED') throw error;
      }
    }
  }

  private async apply(compensation: Exclude<Compensation, { kind: 'none' }>, context: CommandContext): Promise<void> {
    const { paymentId, callId } = compensation;
    if (compensation.kind === 'void') {
      await send(
        this.deps.commands,
        {
          aggregate: 'payment',
          id: paymentId,
          command: { type: 'RequestVoid', data: { paymentId, callId, reason: 'CALL_CANCELLED', requestedAt: context.timestamp } },
        },
        context,
      );
      this.deps.logger.info({ paymentId, callId }, 'stopped charging the payment of a cancelled call; its void awaits the gateway');
      return;
    }
    const refund = await this.refundWhenAvailable(compensation);
    if (refund.kind === 'declined') {
      // Retrying the same refund cannot change a refusal; it needs a person.
      this.deps.logger.error({ paymentId, callId, reason: refund.reason }, 'refund declined by the gateway; needs manual follow-up');
      return;
    }
    const refundedAt = this.deps.clock.now().toISOString();
    await send(
      this.deps.commands,
      {
        aggregate: 'payment',
        id: paymentId,
        command: { type: 'RefundPayment', data: { paymentId, callId, gatewayReference: refund.gatewayReference, refundedAt } },
      },
      { ...context, timestamp: refundedAt },
    );
    this.deps.logger.info({ paymentId, callId }, 'refunded the payment of a cancelled call');
  }

  private async refundWhenAvailable(compensation: Extract<Compensation, { kind: 'refund' }>) {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 200, maxMs: 10_000 };
    for (let attempt = 0; ; attempt++) {
      if (!this.running) throw new Stopping();
      const { paymentId, gatewayReference, amount } = compensation;
      const outcome = await this.deps.gateway.refund(
        { paymentId, idempotencyKey: refundKeyFor(paymentId), gatewayReference, amount },
        { budgetMs: this.options.budgetMs },
      );
      if (outcome.kind !== 'unavailable') return outcome;
      const delay = Math.min(maxMs, initialMs * 2 ** attempt);
      this.deps.logger.warn({ paymentId, reason: outcome.reason, delay }, 'refund unavailable; trying again');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wakeFromBackoff = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
