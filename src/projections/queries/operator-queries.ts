import type { Filter, RangeCondition, ReadStore } from '../../application/ports/read-store.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { type Coordinates, nearestFirst } from '../../domain/shared/geo.js';
import type { CallStatus } from '../../domain/call/call-status.js';
import { dashboardProjection, type DashboardEntry } from '../dashboard/dashboard.projection.js';
import { driversProjection, type DriverView } from '../drivers/drivers.projection.js';
import { encodeCursor, keysetPage, type Page } from './keyset.js';
import type { PageRequest } from './ride-queries.js';
import { paymentsProjection, type PaymentView } from '../payments/payments.projection.js';
import type { PaymentStatus } from '../../domain/payment/payment.js';

export type CallFilter = { status?: CallStatus[]; passengerId?: string; driverId?: string; from?: string; to?: string };

/** What operators and drivers see of a driver: ON_RIDE is an online driver with a current call. */
export type DriverStatus = 'ONLINE' | 'ON_RIDE' | 'OFFLINE';
export type DriverSummary = Omit<DriverView, 'id' | 'position' | 'status'> & { status: DriverStatus };

const withoutId = <T extends { id: string }>({ id: _id, ...rest }: T): Omit<T, 'id'> => rest;

export const driverStatusOf = (view: DriverView): DriverStatus => (view.status === 'OFFLINE' ? 'OFFLINE' : view.currentCallId ? 'ON_RIDE' : 'ONLINE');

const summary = (view: DriverView): DriverSummary => {
  const { id: _id, position: _position, ...rest } = view;
  return { ...rest, status: driverStatusOf(view) };
};

/** Operators' lists; each reads one read model, filtered and paged by key. */
export class OperatorQueries {
  constructor(private readonly readStore: ReadStore) {}

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
    return summary(view);
  }

  /**
   * Drivers by id, or nearest first from `near` (then one page only: distance is no stable key
   * while drivers move). ON_RIDE and ONLINE share the stored status, so they are told apart here.
   */
  async drivers(statuses: DriverStatus[] | undefined, near: Coordinates | undefined, page: PageRequest): Promise<Page<DriverSummary>> {
    const stored = statuses ? [...new Set(statuses.map((s) => (s === 'OFFLINE' ? 'OFFLINE' : 'ONLINE')))] : undefined;
    const filter: Filter = stored ? { status: { $in: stored } } : {};
    const wanted = (view: DriverView) => !statuses || statuses.includes(driverStatusOf(view));
    if (near) {
      const all = (await this.readStore.find<DriverView>(driversProjection.collection, filter)).filter(wanted);
      const located = nearestFirst(
        near,
        all.filter((view) => view.location),
        (view) => view.location!,
      ).map(({ item }) => item);
      return { items: [...located, ...all.filter((view) => !view.location)].slice(0, page.limit).map(summary), nextCursor: null };
    }
    const items: DriverView[] = [];
    let after = page.cursor?.id ?? null;
    // ON_RIDE / ONLINE are told apart after reading, so a page may need a further read to fill up.
    for (;;) {
      const batch = await this.readStore.find<DriverView>(
        driversProjection.collection,
        { ...filter, ...(after ? { id: { $gt: after } } : {}) },
        { limit: page.limit + 1 },
      );
      items.push(...batch.filter(wanted));
      if (batch.length <= page.limit || items.length > page.limit) break;
      after = batch[batch.length - 1]!.id;
    }
    const shown = items.slice(0, page.limit);
    const last = shown[shown.length - 1];
    return { items: shown.map(summary), nextCursor: items.length > page.limit && last ? encodeCursor({ key: last.id, id: last.id }) : null };
  }
}
