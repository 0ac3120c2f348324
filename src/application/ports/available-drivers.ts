import { type Token, token } from './token.js';
import type { Coordinates } from '../../domain/shared/geo.js';

export type NearestDriversQuery = {
  origin: Coordinates;
  rideType: string;
  /** How many drivers at most, nearest first. */
  k: number;
  /** Drivers never to return (already offered this call, holding another offer, …). */
  exclude?: ReadonlySet<string>;
  /** Search radii tried in turn until `k` drivers are found; the last one bounds the search. */
  radiiMetres?: readonly number[];
};

export type NearbyDriver = { driverId: string; location: Coordinates; distanceMetres: number };

/** The default widening: a nearby driver is worth more than k drivers, so look close first. */
export const DEFAULT_SEARCH_RADII_METRES: readonly number[] = [1_000, 3_000, 10_000];

/**
 * Available drivers (online, not on a ride) near a point. An index, not the truth: it may lag the
 * driver streams by a moment, so whoever acts on an answer checks the driver's stream first.
 */
export interface AvailableDrivers {
  nearest(query: NearestDriversQuery): Promise<NearbyDriver[]>;
}

export const AVAILABLE_DRIVERS: Token<AvailableDrivers> = token('AvailableDrivers');
