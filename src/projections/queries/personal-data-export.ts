import type { ReadStore } from '../../application/ports/read-store.js';
import { dashboardProjection, type DashboardEntry } from '../dashboard/dashboard.projection.js';
import { type Notification, type NotificationThread, notificationsProjection } from '../notifications/notifications.projection.js';
import { type Receipt, receiptsProjection } from '../receipts/receipts.projection.js';

const PAGE = 500;

const withoutId = <T extends { id: string }>({ id: _id, ...rest }: T): Omit<T, 'id'> => rest;

/** Every document of a collection that matches, page by page (an export is not limited to 100). */
const all = async <T extends { id: string }>(
  readStore: ReadStore,
  collection: string,
  filter: Record<string, string>,
  sortField: string,
): Promise<T[]> => {
  const found: T[] = [];
  for (;;) {
    const page = await readStore.find<T>(collection, filter, { sort: [[sortField, 'desc']], limit: PAGE, skip: found.length });
    found.push(...page);
    if (page.length < PAGE) return found;
  }
};

/**
 * What the read side holds about one person: the right of access (GDPR art. 15, PIPA art. 35).
 * Each part comes from one read model; payments are the dashboard's view of each call's payment,
 * receipts the receipts model's, and ratings the stars the passenger gave (kept on the receipts).
 */
export class PersonalDataQueries {
  constructor(private readonly readStore: ReadStore) {}

  async passengerExport(passengerId: string, exportedAt: Date) {
    const calls = (await all<DashboardEntry>(this.readStore, dashboardProjection.collection, { passengerId }, 'requestedAt')).map(withoutId);
    const threads = await all<NotificationThread>(this.readStore, notificationsProjection.collection, { passengerId }, 'lastAt');
    const notifications: Notification[] = threads.flatMap((thread) => thread.notifications).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const payments = calls
      .filter((call) => call.paymentId !== null)
      .map((call) => ({ paymentId: call.paymentId!, callId: call.callId, status: call.paymentStatus, amount: call.fare }));
    const receipts = (await all<Receipt>(this.readStore, receiptsProjection.collection, { passengerId }, 'requestedAt')).map(
      ({ id: _id, position: _p, ...receipt }) => receipt,
    );
    const ratings = receipts.flatMap((receipt) =>
      receipt.rating ? [{ callId: receipt.callId, stars: receipt.rating.stars, ratedAt: receipt.rating.ratedAt }] : [],
    );
    return {
      passengerId,
      exportedAt: exportedAt.toISOString(),
      calls: calls.map(({ position: _p, ...call }) => call),
      notifications,
      payments,
      receipts,
      ratings,
    };
  }
}
