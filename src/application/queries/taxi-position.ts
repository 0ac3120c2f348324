import { type Coordinates, distanceInMetres } from '../../domain/shared/geo.js';
import type { DriverPosition } from '../ports/driver-positions.js';

/** Where the passenger's taxi is, and (on its way to the pickup) about when it arrives. */
export type TaxiPosition = { location: Coordinates; at: string; etaSeconds: number | null };

/** A city average, and how much longer streets are than the straight line: a rough ETA, on purpose. */
const CITY_SPEED_METRES_PER_SECOND = 20_000 / 3_600;
const ROAD_FACTOR = 1.3;

type WatchedCall = { status: string; driverId: string | null; pickup: Coordinates };

/** The calls whose taxi a passenger sees: assigned and not yet at the destination. */
export const showsTaxi = (call: WatchedCall): call is WatchedCall & { driverId: string } =>
  (call.status === 'DISPATCHED' || call.status === 'DRIVING') && call.driverId !== null;

export const taxiPositionOf = (call: WatchedCall, last: DriverPosition | null): TaxiPosition | null => {
  if (!showsTaxi(call) || !last) return null;
  const etaSeconds =
    call.status === 'DISPATCHED' ? Math.round((distanceInMetres(last.location, call.pickup) * ROAD_FACTOR) / CITY_SPEED_METRES_PER_SECOND) : null;
  return { location: last.location, at: last.at, etaSeconds };
};
