import type { ReadStore } from '../../application/ports/read-store.js';
import { type Coordinates, distanceInMetres } from '../../domain/shared/geo.js';
import { driversProjection, type DriverView } from '../drivers/drivers.projection.js';
import type { DriverPosition } from '../../application/ports/driver-positions.js';
import { isAway, newestSign } from '../../domain/driver/presence.js';

export type NearbyTaxis = { count: number; radiusMeters: number; taxis: Coordinates[] };

/**
 * The grid every answer is made of: cells of about 280 m × 265 m (in Seoul). A caller chooses the
 * centre and the radius, so an exact count would let them trilaterate a lone taxi to a metre by
 * bisecting the radius from three places; here the answer depends only on the centre's cell, a
 * radius step and the cells the taxis are in, so no sequence of questions tells more than a cell.
 */
export const CELL_LAT_DEGREES = 0.0025;
export const CELL_LNG_DEGREES = 0.003;
/** The radii answered; a radius asked is rounded up to the next. */
export const RADIUS_STEPS_M = [500, 1_000, 2_000, 3_000, 5_000, 10_000] as const;
/** Positions listed at most (the count covers all). */
const SHOWN = 20;

const centreOf = (index: number, step: number) => Math.round((index + 0.5) * step * 1e6) / 1e6;

/** The centre of the grid cell a place lies in: all a caller ever learns of a taxi's position. */
export const cellCentre = ({ lat, lng }: Coordinates): Coordinates => ({
  lat: centreOf(Math.floor(lat / CELL_LAT_DEGREES), CELL_LAT_DEGREES),
  lng: centreOf(Math.floor(lng / CELL_LNG_DEGREES), CELL_LNG_DEGREES),
});

export const radiusStep = (radiusMeters: number): number => RADIUS_STEPS_M.find((step) => step >= radiusMeters) ?? RADIUS_STEPS_M.at(-1)!;

/**
 * The answer for taxis at these places: the taxis whose cell centre lies within the radius step of
 * the centre's cell centre, counted and listed by cell centre, nearest cells first.
 */
export const nearbyOnGrid = (taxis: readonly Coordinates[], query: { near: Coordinates; radiusMeters: number }): NearbyTaxis => {
  const centre = cellCentre(query.near);
  const radiusMeters = radiusStep(query.radiusMeters);
  const near = taxis
    .map((location) => {
      const cell = cellCentre(location);
      return { cell, metres: distanceInMetres(centre, cell) };
    })
    .filter(({ metres }) => metres <= radiusMeters)
    .sort((a, b) => a.metres - b.metres || a.cell.lat - b.cell.lat || a.cell.lng - b.cell.lng);
  return { count: near.length, radiusMeters, taxis: near.slice(0, SHOWN).map(({ cell }) => cell) };
};

/** The last pings and the AWAY rule's settings: a taxi silent for too long is not counted. */
export type TaxiPresence = { lastPingOf: (driverId: string) => Promise<DriverPosition | null>; now: Date; staleAfterMs: number };

/**
 * Free taxis near a place, for a passenger app to say "no taxi nearby" before a request: how many
 * and in which cells, never who they are nor where exactly. A driver's last ping wins over where
 * they went online, and a driver silent for longer than the stale limit is AWAY, not free.
 */
export const nearbyTaxis = async (
  readStore: ReadStore,
  presence: TaxiPresence,
  query: { near: Coordinates; rideType?: string; radiusMeters: number },
): Promise<NearbyTaxis> => {
  const online = await readStore.find<DriverView>(driversProjection.collection, { status: 'ONLINE', currentCallId: null });
  const free = online.filter((driver) => !query.rideType || driver.rideTypes.includes(query.rideType));
  const located = await Promise.all(
    free.map(async (driver) => {
      const ping = await presence.lastPingOf(driver.driverId);
      const lastSeenAt = newestSign(ping?.at, driver.lastSeenAt);
      if (isAway(lastSeenAt, presence.now, presence.staleAfterMs)) return null;
      return ping && lastSeenAt === ping.at ? ping.location : (driver.location ?? ping?.location ?? null);
    }),
  );
  return nearbyOnGrid(
    located.filter((location): location is Coordinates => location !== null),
    query,
  );
};
