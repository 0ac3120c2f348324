import type { CatchUpSubscription } from './catch-up-subscription.js';

/** A consumer of the log that is nothing more than one catch-up subscription with a handler. */
export abstract class SubscriptionWorker {
  protected abstract readonly subscription: CatchUpSubscription;

  get name(): string {
    return this.subscription.name;
  }

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
