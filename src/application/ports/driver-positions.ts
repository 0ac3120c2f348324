import { type Token, token } from './token.js';
import type { Coordinates } from '../../domain/shared/geo.js';

/** A driver's last known position: a ping (many per driver per minute, so not an event) or where they went online. */
export type DriverPosition = { driverId: string; location: Coordinates; at: string };

/**
 * Where drivers last were. Pings overwrite each other (only the newest matters), and losing the
 * last few seconds of them is harmless: a driver pings again within seconds, and the position at
 * going online is in the log. Going online saves its position here too, so a driver's last known
 * position (the newer of going online and the last ping) is one lookup: `positionOf`.
 * A store may be private to one process (when the API and auto-dispatch share it) or shared by
 * several; a process that does not receive the pings itself reads them with `changedSince`
 * (docs/dispatch.md lists the adapters and when each is chosen).
 */
export interface DriverPositions {
  /** Keeps the position unless one at least as new is already known: a late ping never overwrites a newer one. */
  save(position: DriverPosition): Promise<void>;
  /** Many pings in one write (one transaction where the store has them), each kept as `save` keeps it. */
  saveAll(positions: readonly DriverPosition[]): Promise<void>;
  /** The driver's last known position; null when none is stored (never online, or held in a memory lost on restart). */
  positionOf(driverId: string): Promise<DriverPosition | null>;
  /** Every known last position, to build a spatial index on start. */
  lastKnown(): Promise<DriverPosition[]>;
  /** The last positions reported at or after `at` (ISO 8601): what changed since a previous read. */
  changedSince(at: string): Promise<DriverPosition[]>;
}

export const DRIVER_POSITIONS: Token<DriverPositions> = token('DriverPositions');
