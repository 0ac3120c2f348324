import type { Coordinates } from '../../domain/shared/geo.js';

/** A driver's last reported position: many per driver per minute, so not an event. */
export type DriverPosition = { driverId: string; location: Coordinates; at: string };

/**
 * Where drivers last were. Pings overwrite each other (only the newest matters), and losing the
 * last few seconds of them is harmless: a driver pings again within seconds, and the position at
 * going online is in the log. The embedded adapter keeps them in memory, so in a split deployment
 * only the process that received a ping knows it; in production they would live in a store every
 * API and worker replica can read — e.g. the MongoDB `drivers` collection, one document per driver
 * with `lastPosition` (GeoJSON point, 2dsphere index) and `lastPositionAt`, written with
 * `updateOne({_id, lastPositionAt: {$lt: at}}, {$set: …})` so a late ping never overwrites a newer one.
 */
export interface DriverPositions {
  /** Keeps the position unless a newer one is already known. */
  save(position: DriverPosition): Promise<void>;
  /** Every known last position, to rebuild a spatial index on start. */
  lastKnown(): Promise<DriverPosition[]>;
}

export const DRIVER_POSITIONS = Symbol.for('DriverPositions');
