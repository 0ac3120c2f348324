import type { CheckpointStore } from '../ports/checkpoint-store.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';
import { LogFollower, type FollowerLogger } from './log-follower.js';

/**
 * Where a follower keeps its progress: `load` says where to resume, `save` makes a position
 * durable. Usually one entry of the checkpoint store (`checkpointIn`); the projection runner's
 * `save` is the read store's commit, which writes the batch's documents and the checkpoints in
 * one transaction.
 */
export type FollowerCheckpoint = {
  load(): Promise<number>;
  save(position: number): Promise<void>;
};

export const checkpointIn = (store: Pick<CheckpointStore, 'getCheckpoint' | 'saveCheckpoint'>, name: string): FollowerCheckpoint => ({
  load: () => store.getCheckpoint(name),
  save: (position) => store.saveCheckpoint(name, position),
});

/**
 * Handles a batch and answers the position that is safe to commit: the last event, or a low-water
 * mark of what is still open, or undefined when nothing new is safe (stopped half-way). `progress`
 * commits a position before the batch is done, for a handler whose batch takes long.
 */
export type BatchHandler = (events: RecordedEvent[], progress: (position: number) => Promise<void>) => Promise<number | undefined>;

/**
 * A LogFollower that owns its checkpoint (as Eventuous's and Emmett's subscriptions do): it resumes
 * from it and saves what its handler says is safe after each batch. Nothing else writes it.
 */
export const followWithCheckpoint = (
  deps: { eventStore: EventStore; logger: FollowerLogger },
  name: string,
  checkpoint: FollowerCheckpoint,
  handle: BatchHandler,
) =>
  new LogFollower(deps.eventStore, {
    name,
    resumeFrom: () => checkpoint.load(),
    handle: async (events) => {
      const safe = await handle(events, (position) => checkpoint.save(position));
      if (safe !== undefined) await checkpoint.save(safe);
    },
    logger: deps.logger,
  });

/** A follower whose checkpoint is the entry `name` of the checkpoint store. */
export const followFromCheckpoint = (
  deps: { eventStore: EventStore; checkpoints: CheckpointStore; logger: FollowerLogger },
  name: string,
  handle: BatchHandler,
) => followWithCheckpoint(deps, name, checkpointIn(deps.checkpoints, name), handle);

/**
 * What a role runs for a follower of the log (see docs/architecture.md): a name (its checkpoint's
 * and its lease's, built by `checkpointNames`), start, stop, and where it stands. Subclasses that
 * need more on start or stop (timers, a flag, a wake-up) override those and call `super`.
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
