import type { ReadStore } from '../../application/ports/read-store.js';
import { type Coordinates, nearestFirst } from '../../domain/shared/geo.js';
import { driversProjection, type DriverView } from '../drivers/drivers.projection.js';
import type { DriverPosition } from '../../application/ports/driver-positions.js';
import { isAway, newestSign } from '../../domain/driver/presence.js';

export type NearbyTaxis = { count: number; radiusMeters: number; taxis: Coordinates[] };

/** About 100 m: enough for "a taxi is around the corner", too coarse to follow one driver. */
const approximately = ({ lat, lng }: Coordinates): Coordinates => ({ lat: Math.round(lat * 1000) / 1000, lng: Math.round(lng * 1000) / 1000 });

/** The last pings and the AWAY rule's settings: a taxi silent for too long is not counted. */
export type TaxiPresence = { lastPingOf: (driverId: string) => Promise<DriverPosition | null>; now: Date; staleAfterMs: number };

/**
 * Free taxis near a place, for a passenger app to say "no taxi nearby" before a request: how many
 * within the radius and their rounded positions, never who they are. A driver's last ping wins
 * over where they went online, and a driver silent for longer than the stale limit is AWAY, not free.
 */
export const nearbyTaxis = async (
  readStore: ReadStore,
  presence: TaxiPresence,
  query: { near: Coordinates; rideType?: string; radiusMeters: number; shown: number },
): Promise<NearbyTaxis> => {
  const online = await readStore.find<DriverView>(driversProjection.collection, { status: 'ONLINE', currentCallId: null });
  const free = online.filter((driver) => !query.rideType || driver.rideTypes.includes(query.rideType));
  const located = await Promise.all(
    free.map(async (driver) => {
      const ping = await presence.lastPingOf(driver.driverId);
      const lastSeenAt = newestSign(ping?.at, driver.lastSeenAt);
      if (isAway(lastSeenAt, presence.now, presence.staleAfterMs)) return { location: null };
      return { location: ping && lastSeenAt === ping.at ? ping.location : (driver.location ?? ping?.location ?? null) };
    }),
  );
  const near = nearestFirst(
    query.near,
    located.filter((d): d is { location: Coordinates } => d.location !== null),
    (d) => d.location,
  ).filter(({ distanceMetres }) => distanceMetres <= query.radiusMeters);
  return { count: near.length, radiusMeters: query.radiusMeters, taxis: near.slice(0, query.shown).map(({ item }) => approximately(item.location)) };
};
