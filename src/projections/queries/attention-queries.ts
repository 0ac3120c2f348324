import type { ReadStore } from '../../application/ports/read-store.js';
import { type DashboardEntry, dashboardProjection } from '../dashboard/dashboard.projection.js';
import { type DriverView, driversProjection } from '../drivers/drivers.projection.js';

export type AttentionKind = 'STUCK_DISPATCHED' | 'LONG_RIDE' | 'DRIVER_BUSY_WITHOUT_RIDE';
export type AttentionItem = { kind: AttentionKind; callId?: string; driverId?: string; since: string };
export type AttentionPage = { items: AttentionItem[]; nextCursor: string | null };

const CLOSED = new Set(['FINISHED', 'CANCELLED', 'NO_DRIVER_FOUND']);
const plus = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();
/** Oldest first; the kind and the id break ties, so the order (and a cursor into it) is stable. */
const keyOf = (item: AttentionItem) => `${item.since}|${item.kind}|${item.callId ?? item.driverId ?? ''}`;

/**
 * What needs an operator, from the read models (a query; nothing here decides anything):
 * - STUCK_DISPATCHED: dispatched, no arrival, not started, `stuckAfterMs` after the acceptance;
 * - LONG_RIDE: driving for longer than twice the estimated duration plus `stuckAfterMs` — twice,
 *   because traffic easily doubles an estimate, plus the margin so that short rides are not flagged
 *   for minutes; without an estimate (older calls) the margin alone;
 * - DRIVER_BUSY_WITHOUT_RIDE: a driver held by a call that is over (finished, cancelled, expired).
 * `since` is when the item started to need attention.
 */
export class AttentionQueries {
  constructor(
    private readonly readStore: ReadStore,
    private readonly stuckAfterMs: number,
  ) {}

  async items(now: Date, limit: number, cursor: string | null): Promise<AttentionPage> {
    const [open, busy] = await Promise.all([this.openCalls(now), this.busyWithoutRide()]);
    const after = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
    const all = [...open, ...busy].sort((a, b) => keyOf(a).localeCompare(keyOf(b))).filter((item) => keyOf(item) > after);
    const items = all.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: all.length > limit && last ? Buffer.from(keyOf(last), 'utf8').toString('base64url') : null };
  }

  private async openCalls(now: Date): Promise<AttentionItem[]> {
    const entries = await this.readStore.find<DashboardEntry>(dashboardProjection.collection, { status: { $in: ['DISPATCHED', 'DRIVING'] } });
    return entries.flatMap((entry): AttentionItem[] => {
      const since = this.needsAttentionSince(entry);
      return since && since <= now.toISOString()
        ? [{ kind: entry.status === 'DRIVING' ? 'LONG_RIDE' : 'STUCK_DISPATCHED', callId: entry.callId, since }]
        : [];
    });
  }

  private needsAttentionSince(entry: DashboardEntry): string | null {
    if (entry.status === 'DISPATCHED') return entry.acceptedAt && !entry.arrivedAt ? plus(entry.acceptedAt, this.stuckAfterMs) : null;
    if (!entry.startedAt) return null;
    const estimatedMs = (entry.estimate?.durationSeconds ?? 0) * 1000;
    return plus(entry.startedAt, 2 * estimatedMs + this.stuckAfterMs);
  }

  private async busyWithoutRide(): Promise<AttentionItem[]> {
    const drivers = (await this.readStore.find<DriverView>(driversProjection.collection, { status: 'ONLINE' })).filter((view) => view.currentCallId);
    if (drivers.length === 0) return [];
    const ids = [...new Set(drivers.map((view) => view.currentCallId!))];
    const calls = await this.readStore.find<DashboardEntry>(dashboardProjection.collection, { id: { $in: ids } });
    const byId = new Map(calls.map((entry) => [entry.callId, entry]));
    return drivers.flatMap((view): AttentionItem[] => {
      const call = byId.get(view.currentCallId!);
      if (!call || !CLOSED.has(call.status)) return [];
      return [
        {
          kind: 'DRIVER_BUSY_WITHOUT_RIDE',
          driverId: view.driverId,
          callId: call.callId,
          since: call.finishedAt ?? call.cancelledAt ?? call.updatedAt,
        },
      ];
    });
  }
}
