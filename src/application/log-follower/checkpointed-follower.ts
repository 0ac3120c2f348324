import type { CheckpointStore } from '../ports/checkpoint-store.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';
import { LogFollower, type FollowerLogger } from './log-follower.js';

/**
 * A LogFollower that resumes from its own checkpoint, stored under its name (`checkpointNames`).
 * Its `handle` saves the checkpoint when the batch is durably handled: only it knows when that is
 * (after each batch, or a low-water mark of what is still open).
 */
export const followFromCheckpoint = (
  deps: { eventStore: EventStore; checkpoints: CheckpointStore; logger: FollowerLogger },
  name: string,
  handle: (events: RecordedEvent[]) => Promise<void>,
) => new LogFollower(deps.eventStore, { name, resumeFrom: () => deps.checkpoints.getCheckpoint(name), handle, logger: deps.logger });

/**
 * What a role runs for a follower of the log (see docs/architecture.md): a name (its checkpoint's
 * and its lease's), start, stop, and where it stands. Subclasses that need more on start or stop
 * (timers, a flag, a wake-up) override those and call `super`.
 */
export abstract class CheckpointedFollower {
  abstract readonly name: string;
  protected abstract readonly follower: LogFollower;

  get position(): number {
    return this.follower.position;
  }

  start(): void {
    this.follower.start();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    return this.follower.waitFor(position, timeoutMs);
  }
}
