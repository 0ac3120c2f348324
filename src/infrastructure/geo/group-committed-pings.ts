import type { DriverPosition, DriverPositions } from '../../application/ports/driver-positions.js';
import type { RideTracks } from '../../application/ports/ride-tracks.js';
import { GroupCommit, type GroupCommitOptions } from './group-commit.js';

/** A few milliseconds: far below a ping's interval, long enough to gather hundreds of drivers. */
export const PING_COMMIT: GroupCommitOptions = { windowMs: 5, maxBatch: 2_000 };

/**
 * Last positions written in group commits: each `save` joins the batch being gathered and resolves
 * when its batch is stored (one `saveAll`). Reads go straight to the store: a ping is only answered
 * once stored, so whoever saw the answer reads it back.
 */
export class GroupCommittedDriverPositions implements DriverPositions {
  private readonly batches: GroupCommit<DriverPosition>;

  constructor(
    private readonly store: DriverPositions,
    options: GroupCommitOptions = PING_COMMIT,
  ) {
    this.batches = new GroupCommit((positions) => store.saveAll(positions), options);
  }

  save(position: DriverPosition): Promise<void> {
    return this.batches.add(position);
  }

  saveAll(positions: readonly DriverPosition[]): Promise<void> {
    return this.store.saveAll(positions);
  }

  positionOf(driverId: string): Promise<DriverPosition | null> {
    return this.store.positionOf(driverId);
  }

  lastKnown(): Promise<DriverPosition[]> {
    return this.store.lastKnown();
  }

  changedSince(at: string): Promise<DriverPosition[]> {
    return this.store.changedSince(at);
  }

  drain(): Promise<void> {
    return this.batches.drain();
  }
}

/** Ride-track points written in group commits, like the last positions beside them. */
export class GroupCommittedRideTracks implements RideTracks {
  private readonly batches: GroupCommit<DriverPosition>;

  constructor(
    private readonly store: RideTracks,
    options: GroupCommitOptions = PING_COMMIT,
  ) {
    this.batches = new GroupCommit((positions) => store.recordAll(positions), options);
  }

  record(position: DriverPosition): Promise<void> {
    return this.batches.add(position);
  }

  recordAll(positions: readonly DriverPosition[]): Promise<void> {
    return this.store.recordAll(positions);
  }

  /** What is still gathering is committed first: a finish measures every ping it was sent before. */
  async between(driverId: string, from: string, to: string): Promise<DriverPosition[]> {
    await this.batches.drain();
    return this.store.between(driverId, from, to);
  }

  prune(before: string): Promise<void> {
    return this.store.prune(before);
  }

  drain(): Promise<void> {
    return this.batches.drain();
  }
}
