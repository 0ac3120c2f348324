import { type Token, token } from './token.js';
import type { DriverPosition } from './driver-positions.js';

/**
 * Every position a driver reported, kept a few hours, so a finished ride can be measured from the
 * positions of its driver between its start and its finish. Kept by driver and time rather than
 * by ride: a ping then needs no lookup of the driver's ride (pings are the hottest write), and the
 * finish, which knows driver, start and finish, asks for exactly its stretch.
 * Adapters (src/infrastructure/geo/): this process's memory (the `all` role, which receives the
 * pings and finishes the rides), a SQLite file in DATA_DIR, MongoDB — chosen like DriverPositions,
 * so every process that finishes rides sees the pings any API process received. In memory, a
 * driver waiting for a call keeps only minutes of track: their pings measure no ride.
 */
export interface RideTracks {
  /** Keeps one position; the same driver at the same instant is kept once. */
  record(position: DriverPosition): Promise<void>;
  /** Many positions in one write (one transaction where the store has them), each kept as `record` keeps it. */
  recordAll(positions: readonly DriverPosition[]): Promise<void>;
  /** The driver's positions from `from` to `to` (ISO 8601, inclusive), oldest first. */
  between(driverId: string, from: string, to: string): Promise<DriverPosition[]>;
  /** Forgets positions older than `before` (ISO 8601); a ride that old has long been measured. */
  prune(before: string): Promise<void>;
}

export const RIDE_TRACKS: Token<RideTracks> = token('RideTracks');
