import { checkpointNames } from '../ports/checkpoint-store.js';
import { paymentIdFor } from '../../domain/payment/payment.js';
import { systemActor } from '../../domain/shared/actor.js';
import { isDomainError } from '../../domain/shared/domain-error.js';
import type { CommandHandler } from '../command-handler.js';
import { contextFromEvent } from '../context.js';
import type { CheckpointStore } from '../ports/checkpoint-store.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';
import type { LogFollower, FollowerLogger } from '../log-follower/log-follower.js';
import { inOrderPerKey } from '../log-follower/in-order-per-key.js';
import { followFromCheckpoint, CheckpointedFollower } from '../log-follower/checkpointed-follower.js';
import { noteRidePayment } from './note-ride-payment.js';

export type UnpaidRidesDependencies = {
  eventStore: EventStore;
  commands: CommandHandler;
  checkpoints: CheckpointStore;
  clock: Clock;
  logger: FollowerLogger & { info: (details: object, message: string) => void };
};

/**
 * The events after which a ride may have become owed or stopped being owed: a payment failed, was
 * paid again, approved, waived, refunded or voided, or an operator cancelled the call (a passenger
 * cannot cancel a finished ride, so their cancels never settle anything).
 */
export const unpaidRideTrigger = (event: RecordedEvent): string | null => {
  switch (event.type) {
    case 'PaymentFailed':
    case 'PaymentRetried':
    case 'PaymentApproved':
    case 'PaymentWaived':
    case 'PaymentRefunded':
    case 'PaymentVoided':
      return event.data.callId;
    case 'CallCancelled':
      return event.data.cancelledBy === 'operator' ? event.data.callId : null;
    default:
      return null;
  }
};

/**
 * The unpaid-rides process: keeps each passenger's stream told of the rides they owe, after every
 * event that may change it (noteRidePayment, idempotent; the causation is the event). It starts
 * from its checkpoint, 0 on a log written before it existed: its first run reads the whole log and
 * records every payment that had failed and was never settled, so those passengers stay refused.
 */
export class UnpaidRidesWorker extends CheckpointedFollower {
  readonly name = checkpointNames.process('unpaid-rides');
  protected readonly follower: LogFollower;

  constructor(private readonly deps: UnpaidRidesDependencies) {
    super();
    this.follower = followFromCheckpoint(deps, this.name, async (events) => {
      const triggers = events.filter((event) => unpaidRideTrigger(event) !== null);
      await inOrderPerKey(
        triggers,
        (event) => unpaidRideTrigger(event)!,
        (event) => this.handle(event),
      );
      return events.at(-1)!.position;
    });
  }

  private async handle(event: RecordedEvent): Promise<void> {
    const context = contextFromEvent(event, systemActor('unpaid-rides'), this.deps.clock.now());
    try {
      await noteRidePayment(this.deps.commands, paymentIdFor(unpaidRideTrigger(event)!), context);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      this.deps.logger.info({ eventId: event.eventId, code: error.code }, 'unpaid ride not noted');
    }
  }
}
