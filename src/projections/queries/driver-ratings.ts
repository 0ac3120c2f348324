import type { ReadStore } from '../../application/ports/read-store.js';
import { driversProjection, type DriverView } from '../drivers/drivers.projection.js';

type WithDriver = { driver: { driverId: string } | null };
export type DriverRating = { averageRating: number | null; ratingCount: number };

/**
 * Dashboard entries with their driver's current average rating. The one query that reads two
 * read models, on purpose: an average changes with every rating of the driver, and copying it
 * into every entry of every passenger the driver ever drove would rewrite all of them each time.
 */
export const withDriverRatings = async <Entry extends WithDriver>(
  readStore: ReadStore,
  entries: Entry[],
): Promise<Array<Entry & { driverRating: DriverRating | null }>> => {
  const driverIds = [...new Set(entries.flatMap((entry) => (entry.driver ? [entry.driver.driverId] : [])))];
  const drivers = driverIds.length === 0 ? [] : await readStore.find<DriverView>(driversProjection.collection, { driverId: { $in: driverIds } });
  const ratings = new Map(drivers.map((view) => [view.driverId, { averageRating: view.averageRating ?? null, ratingCount: view.ratingCount ?? 0 }]));
  return entries.map((entry) => ({ ...entry, driverRating: entry.driver ? (ratings.get(entry.driver.driverId) ?? null) : null }));
};
