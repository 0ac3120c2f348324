import type { Filter, RangeCondition, ReadStore } from '../../application/ports/read-store.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { type Coordinates, nearestFirst } from '../../domain/shared/geo.js';
import { type CallStatus, dashboardProjection, type DashboardEntry } from '../dashboard/dashboard.projection.js';
import { driversProjection, type DriverView } from '../drivers/drivers.projection.js';
import { encodeCursor, keysetPage, type Page } from './keyset.js';
import type { PageRequest } from './ride-queries.js';
import { paymentsProjection, type PaymentView } from '../payments/payments.projection.js';
import type { PaymentStatus } from '../../domain/payment/payment.js';
import type { DriverPosition, DriverPositions } from '../../application/ports/driver-positions.js';
import { newestSign, type PresentDriverStatus, presentStatus, type RecordedDriverStatus } from '../../domain/driver/presence.js';

export type CallFilter = { status?: CallStatus[]; passengerId?: string; driverId?: string; from?: string; to?: string };

/** What operators and drivers see of a driver: ON_RIDE is an online driver with a current call, AWAY a free one gone silent. */
export type DriverStatus = PresentDriverStatus;
export type DriverSummary = Omit<DriverView, 'id' | 'position' | 'status' | 'lastSeenAt'> & { status: DriverStatus; lastSeenAt: string | null };

/**
 * Where presence comes from: the last pings (DriverPositions, not in the read model: pings are not
 * events) and the AWAY rule's settings. Without it, statuses are as recorded and positions those of going online.
 */
export type DriverPresence = {
  positions: Pick<DriverPositions, 'positionOf' | 'lastKnown'>;
  staleAfterMs: number;
  now: () => Date;
};

const withoutId = <T extends { id: string }>({ id: _id, ...rest }: T): Omit<T, 'id'> => rest;

export const driverStatusOf = (view: DriverView): RecordedDriverStatus =>
  view.status === 'OFFLINE' ? 'OFFLINE' : view.currentCallId ? 'ON_RIDE' : 'ONLINE';

/** The view with its newest position and sign of life (the last ping, or going online), and the status presence gives it. */
const summary = (view: DriverView, ping: DriverPosition | null, presence: DriverPresence | undefined, now: Date): DriverSummary => {
  const { id: _id, position: _position, lastSeenAt: online, ...rest } = view;
  const lastSeenAt = newestSign(ping?.at, online);
  const location = ping && lastSeenAt === ping.at ? ping.location : (view.location ?? ping?.location ?? null);
  const recorded = driverStatusOf(view);
  const status = presence ? presentStatus(recorded, lastSeenAt, now, presence.staleAfterMs) : recorded;
  return { ...rest, location, lastSeenAt, status };
};

/** Beyond this many drivers, reading every last position once beats one lookup each. */
const LOOKUPS_AT_MOST = 32;

/** Operators' lists; each reads one read model, filtered and paged by key. */
export class OperatorQueries {
  constructor(
    private readonly readStore: ReadStore,
    private readonly presence?: DriverPresence,
  ) {}

  /** Dashboard entries, newest first; `from` inclusive and `to` exclusive on the request time. */
  async calls(filter: CallFilter, page: PageRequest): Promise<Page<Omit<DashboardEntry, 'id'>>> {
    const conditions: Record<string, Filter[string]> = {};
    if (filter.status) conditions.status = { $in: filter.status };
    if (filter.passengerId) conditions.passengerId = filter.passengerId;
    if (filter.driverId) conditions.driverId = filter.driverId;
    const requested: RangeCondition = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    if (filter.from || filter.to) conditions.requestedAt = requested;
    const query = { collection: dashboardProjection.collection, filter: conditions, sortField: 'requestedAt', ...page };
    const { items, nextCursor } = await keysetPage<DashboardEntry>(this.readStore, query, (entry) => entry.requestedAt);
    return { items: items.map(withoutId), nextCursor };
  }

  /** Payments, newest request first, optionally only those in the given statuses (PENDING, FAILED …). */
  async payments(statuses: PaymentStatus[] | undefined, page: PageRequest): Promise<Page<Omit<PaymentView, 'id'>>> {
    const filter: Filter = statuses ? { status: { $in: statuses } } : {};
    const query = { collection: paymentsProjection.collection, filter, sortField: 'requestedAt', ...page };
    const { items, nextCursor } = await keysetPage<PaymentView>(this.readStore, query, (payment) => payment.requestedAt);
    return { items: items.map(withoutId), nextCursor };
  }

  async payment(paymentId: string): Promise<Omit<PaymentView, 'id'>> {
    const view = await this.readStore.get<PaymentView>(paymentsProjection.collection, paymentId);
    if (!view) throw new DomainError('PAYMENT_NOT_FOUND', `Payment ${paymentId} does not exist`, { paymentId });
    return withoutId(view);
  }

  async driver(driverId: string): Promise<DriverSummary> {
    const view = await this.readStore.get<DriverView>(driversProjection.collection, driverId);
    if (!view) throw new DomainError('DRIVER_NOT_FOUND', `Driver ${driverId} does not exist`, { driverId });
    const [present] = await this.present([view]);
    return present!;
  }

  /**
   * Drivers by id, or nearest first from `near` (then one page only: distance is no stable key
   * while drivers move). ON_RIDE, ONLINE and AWAY share the stored status, so they are told apart here.
   */
  async drivers(statuses: DriverStatus[] | undefined, near: Coordinates | undefined, page: PageRequest): Promise<Page<DriverSummary>> {
    const stored = statuses ? [...new Set(statuses.map((s) => (s === 'OFFLINE' ? 'OFFLINE' : 'ONLINE')))] : undefined;
    const filter: Filter = stored ? { status: { $in: stored } } : {};
    const wanted = async (views: DriverView[]) => (await this.present(views)).filter((driver) => !statuses || statuses.includes(driver.status));
    if (near) {
      const all = await wanted(await this.readStore.find<DriverView>(driversProjection.collection, filter));
      const located = nearestFirst(
        near,
        all.filter((driver) => driver.location),
        (driver) => driver.location!,
      ).map(({ item }) => item);
      return { items: [...located, ...all.filter((driver) => !driver.location)].slice(0, page.limit), nextCursor: null };
    }
    const items: DriverSummary[] = [];
    let after = page.cursor?.id ?? null;
    // Statuses are told apart after reading, so a page may need a further read to fill up.
    for (;;) {
      const batch = await this.readStore.find<DriverView>(
        driversProjection.collection,
        { ...filter, ...(after ? { id: { $gt: after } } : {}) },
        { limit: page.limit + 1 },
      );
      items.push(...(await wanted(batch)));
      if (batch.length <= page.limit || items.length > page.limit) break;
      after = batch[batch.length - 1]!.id;
    }
    const shown = items.slice(0, page.limit);
    const last = shown[shown.length - 1];
    return { items: shown, nextCursor: items.length > page.limit && last ? encodeCursor({ key: last.driverId, id: last.driverId }) : null };
  }

  /** The views with their last pings, at one moment. */
  private async present(views: DriverView[]): Promise<DriverSummary[]> {
    const { presence } = this;
    const now = presence?.now() ?? new Date();
    if (!presence || views.length === 0) return views.map((view) => summary(view, null, presence, now));
    const pings =
      views.length > LOOKUPS_AT_MOST
        ? new Map((await presence.positions.lastKnown()).map((ping) => [ping.driverId, ping]))
        : new Map(
            (await Promise.all(views.map((view) => presence.positions.positionOf(view.driverId)))).flatMap((ping) =>
              ping ? [[ping.driverId, ping]] : [],
            ),
          );
    return views.map((view) => summary(view, pings.get(view.driverId) ?? null, presence, now));
  }
}
