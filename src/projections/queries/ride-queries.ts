import type { ReadStore } from '../../application/ports/read-store.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { type Coordinates, nearestFirst } from '../../domain/shared/geo.js';
import { callListProjection, type OpenCall } from '../call-list/call-list.projection.js';
import { dashboardProjection, type DashboardEntry } from '../dashboard/dashboard.projection.js';
import { driversProjection, type DriverView } from '../drivers/drivers.projection.js';
import { withDriverRatings } from './driver-ratings.js';
import { type Notification, type NotificationThread, notificationsProjection } from '../notifications/notifications.projection.js';
import { type Cursor, encodeCursor, keysetPage, type Page } from './keyset.js';

/** A page request: at most `limit` items after `cursor` (null for the first page). */
export type PageRequest = { limit: number; cursor: Cursor | null };

/** Read models as the API serves them: the internal `id` is the public `callId` / `driverId`. */
const withoutId = <T extends { id: string }>({ id: _id, ...rest }: T): Omit<T, 'id'> => rest;

/** The open calls a driver is shown, nearest first, each with its distance from the driver. */
export type CallListEntry = Omit<OpenCall, 'id'> & { distanceMeters: number | null };

/** The queries of the read side; each reads exactly one read model (no joins at request time). */
export class RideQueries {
  constructor(private readonly readStore: ReadStore) {}

  async call(callId: string) {
    const entry = await this.readStore.get<DashboardEntry>(dashboardProjection.collection, callId);
    if (!entry) throw new DomainError('CALL_NOT_FOUND', `Call ${callId} does not exist`, { callId });
    return (await withDriverRatings(this.readStore, [withoutId(entry)]))[0]!;
  }

  async passengerCalls(passengerId: string, page: PageRequest): Promise<Page<Omit<DashboardEntry, 'id'>>> {
    const query = { collection: dashboardProjection.collection, filter: { passengerId }, sortField: 'requestedAt', ...page };
    const { items, nextCursor } = await keysetPage<DashboardEntry>(this.readStore, query, (entry) => entry.requestedAt);
    return { items: await withDriverRatings(this.readStore, items.map(withoutId)), nextCursor };
  }

  /**
   * Open calls of the ride types the driver drives, nearest first from the driver's last known
   * position: `lastPosition` when the caller knows it (the DriverPositions store, which holds the
   * newer of the last ping and going online), else where the driver went online. The list of open
   * calls is short-lived and small (calls leave it on acceptance), so ordering by exact distance in
   * memory beats an approximate geo index here.
   */
  async callList(driverId: string, limit: number, lastPosition?: Coordinates): Promise<CallListEntry[]> {
    const driver = await this.readStore.get<DriverView>(driversProjection.collection, driverId);
    if (!driver) throw new DomainError('DRIVER_NOT_FOUND', `Driver ${driverId} does not exist`, { driverId });
    const open = await this.readStore.find<OpenCall>(
      callListProjection.collection,
      { rideType: { $in: driver.rideTypes } },
      { sort: [['requestedAt', 'asc']] },
    );
    // Field by field: a document written before version 2 may still carry the passenger's id.
    const calls = open.map(({ position, callId, pickup, destination, rideType, requestedAt }) => ({
      position,
      callId,
      pickup,
      destination,
      rideType,
      requestedAt,
    }));
    const from = lastPosition ?? driver.location;
    if (!from) return calls.slice(0, limit).map((call) => ({ ...call, distanceMeters: null }));
    // The sort is stable: calls at the same distance stay oldest first, as the store returned them.
    return nearestFirst(from, calls, (call) => call.pickup)
      .slice(0, limit)
      .map(({ item, distanceMetres }) => ({ ...item, distanceMeters: Math.round(distanceMetres) }));
  }

  /**
   * The passenger's notifications across their calls, newest first (ties by id). Threads are per
   * call, so the page is cut in memory from the passenger's threads, by key, not by offset.
   */
  async notifications(passengerId: string, page: PageRequest): Promise<Page<Notification>> {
    const threads = await this.readStore.find<NotificationThread>(
      notificationsProjection.collection,
      { passengerId },
      { sort: [['lastAt', 'desc']] },
    );
    return pageOfNotifications(
      threads.flatMap((thread) => thread.notifications),
      page,
    );
  }
}

/** Newest first, ties by id ascending, the page after the cursor's (createdAt, notificationId). */
export const pageOfNotifications = <N extends { createdAt: string; notificationId: string }>(all: N[], page: PageRequest): Page<N> => {
  const { cursor, limit } = page;
  const after = (n: N) => !cursor || n.createdAt < String(cursor.key) || (n.createdAt === cursor.key && n.notificationId > cursor.id);
  const sorted = all
    .filter(after)
    .sort(
      (a, b) => b.createdAt.localeCompare(a.createdAt) || (a.notificationId < b.notificationId ? -1 : a.notificationId > b.notificationId ? 1 : 0),
    );
  const items = sorted.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: sorted.length > limit && last ? encodeCursor({ key: last.createdAt, id: last.notificationId }) : null };
};
