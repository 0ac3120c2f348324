import type { CheckpointStore } from '../ports/checkpoint-store.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';
import { CatchUpSubscription, type SubscriptionLogger } from './catch-up-subscription.js';

/** A consumer that follows the log from its own checkpoint, stored under its name. */
export const followFromCheckpoint = (
  deps: { eventStore: EventStore; checkpoints: CheckpointStore; logger: SubscriptionLogger },
  name: string,
  handle: (events: RecordedEvent[]) => Promise<void>,
) => new CatchUpSubscription(deps.eventStore, { name, loadCheckpoint: () => deps.checkpoints.getCheckpoint(name), handle, logger: deps.logger });

/**
 * A consumer of the log built on one catch-up subscription. Subclasses that need more on start
 * or stop (timers, a flag, a wake-up) override those and call `super`.
 */
export abstract class SubscriptionWorker {
  abstract readonly name: string;
  protected abstract readonly subscription: CatchUpSubscription;

  get position(): number {
    return this.subscription.position;
  }

  start(): void {
    this.subscription.start();
  }

  stop(): Promise<void> {
    return this.subscription.stop();
  }

  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    return this.subscription.waitFor(position, timeoutMs);
  }
}
