import type { DriverPosition, DriverPositions } from '../../application/ports/driver-positions.js';
import type { DriverSpatialIndex } from './driver-spatial-index.js';

/**
 * Any DriverPositions store, plus this process's own spatial index: a ping (or a going online)
 * received here moves the driver in the index at once, without waiting for a refresh from the store (in the `all` role,
 * with positions in memory, that is the only way the index hears of it). A late ping the store
 * refused may still reach an index that has not yet heard of the newer one; the index keeps the
 * newest of what it is told, so the newer one wins again on the next refresh.
 */
export class LocallyIndexedDriverPositions implements DriverPositions {
  constructor(
    private readonly store: DriverPositions,
    private readonly index: DriverSpatialIndex,
  ) {}

  async save(position: DriverPosition): Promise<void> {
    await this.store.save(position);
    this.index.setPosition(position.driverId, position.location, Date.parse(position.at));
  }

  async saveAll(positions: readonly DriverPosition[]): Promise<void> {
    await this.store.saveAll(positions);
    for (const { driverId, location, at } of positions) this.index.setPosition(driverId, location, Date.parse(at));
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
}
