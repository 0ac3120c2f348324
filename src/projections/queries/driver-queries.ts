import type { ReadStore } from '../../application/ports/read-store.js';
import { dayOf, startOfDay } from '../daily-report/service-day.js';
import {
  type DriverNotification,
  driverNotificationsProjection,
  type DriverNotificationThread,
} from '../driver-notifications/driver-notifications.projection.js';
import { type DriverRide, driverRidesProjection } from '../driver-rides/driver-rides.projection.js';
import { dashboardProjection, type DashboardEntry } from '../dashboard/dashboard.projection.js';
import { keysetPage, type Page } from './keyset.js';
import { pageOfNotifications, type PageRequest } from './ride-queries.js';

export type DriverRideItem = Omit<DriverRide, 'id' | 'offeredTo' | 'offerExpiresAt'>;
export type PendingOffer = { callId: string; expiresAt: string };
export type CurrentRide = Pick<DashboardEntry, 'callId' | 'status' | 'pickup' | 'destination'> & { arrivedAt: string | null };
export type Earnings = { day: string; amount: number; currency: string; rides: number };

const item = ({ id: _id, offeredTo: _offer, offerExpiresAt: _expires, ...rest }: DriverRide): DriverRideItem => rest;

/** The driver's own views: rides with fares, today's earnings, notifications. */
export class DriverQueries {
  constructor(
    private readonly readStore: ReadStore,
    private readonly timeZone: string,
  ) {}

  /** Assigned rides, newest request first. */
  async rides(driverId: string, page: PageRequest): Promise<Page<DriverRideItem>> {
    const query = { collection: driverRidesProjection.collection, filter: { driverId }, sortField: 'requestedAt', ...page };
    const { items, nextCursor } = await keysetPage<DriverRide>(this.readStore, query, (ride) => ride.requestedAt);
    return { items: items.map(item), nextCursor };
  }

  /** Fares of the rides finished today (service time zone), refunds aside. */
  async earningsOn(driverId: string, now: Date): Promise<Earnings> {
    const day = dayOf(now.toISOString(), this.timeZone);
    const finished = await this.readStore.find<DriverRide>(driverRidesProjection.collection, {
      driverId,
      finishedAt: { $gte: startOfDay(day, this.timeZone) },
    });
    const today = finished.filter((ride) => ride.fare && ride.finishedAt && dayOf(ride.finishedAt, this.timeZone) === day);
    return { day, amount: today.reduce((sum, ride) => sum + ride.fare!.amount, 0), currency: today[0]?.fare?.currency ?? 'KRW', rides: today.length };
  }

  async notifications(driverId: string, page: PageRequest): Promise<Page<DriverNotification>> {
    const threads = await this.readStore.find<DriverNotificationThread>(driverNotificationsProjection.collection, { driverId });
    return pageOfNotifications(
      threads.flatMap((thread) => thread.notifications),
      page,
    );
  }

  /** The ride of the driver's current call, as the passenger's dashboard has it (null before it reached it). */
  async currentRide(callId: string | null): Promise<CurrentRide | null> {
    const entry = callId ? await this.readStore.get<DashboardEntry>(dashboardProjection.collection, callId) : null;
    if (!entry) return null;
    const { status, pickup, destination, arrivedAt } = entry;
    return { callId: entry.callId, status, pickup, destination, arrivedAt: arrivedAt ?? null };
  }

  /** The offers the driver holds now, soonest to expire first: what a reloaded console shows again. */
  async pendingOffers(driverId: string): Promise<PendingOffer[]> {
    const offered = await this.readStore.find<DriverRide>(driverRidesProjection.collection, { offeredTo: driverId });
    return offered
      .filter((ride) => ride.status === 'OPEN' && ride.offerExpiresAt)
      .map((ride) => ({ callId: ride.callId, expiresAt: ride.offerExpiresAt! }))
      .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
  }

  /** A driver reads a call they drive or hold a pending offer for. */
  async mayRead(callId: string, driverId: string): Promise<boolean> {
    const ride = await this.readStore.get<DriverRide>(driverRidesProjection.collection, callId);
    return ride !== null && (ride.driverId === driverId || ride.offeredTo === driverId);
  }
}
