import type { ReadStore } from '../../application/ports/read-store.js';
import { dailyReportProjection, type ReportedCall } from '../daily-report/daily-report.projection.js';
import { dayOf, nextDay, startOfDay } from '../daily-report/service-day.js';

export type DailyReport = {
  day: string;
  requested: number;
  finished: number;
  cancelled: number;
  expiredWithoutDriver: number;
  revenue: Record<string, { amount: number; currency: string }>;
  timeToAcceptSeconds: { median: number | null; p90: number | null };
  cancellationRate: number;
};

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number): number | null =>
  sorted.length === 0 ? null : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;

const reportOf = (day: string, calls: ReportedCall[]): DailyReport => {
  const count = (outcome: ReportedCall['outcome']) => calls.filter((call) => call.outcome === outcome).length;
  const revenue: DailyReport['revenue'] = {};
  for (const call of calls) {
    if (call.outcome !== 'FINISHED' || call.refunded || call.fare === null) continue;
    const sum = revenue[call.rideType] ?? { amount: 0, currency: call.currency ?? 'KRW' };
    revenue[call.rideType] = { ...sum, amount: sum.amount + call.fare };
  }
  const waits = calls
    .filter((call) => call.acceptedAt !== null)
    .map((call) => (Date.parse(call.acceptedAt!) - Date.parse(call.requestedAt)) / 1000)
    .sort((a, b) => a - b);
  const cancelled = count('CANCELLED');
  return {
    day,
    requested: calls.length,
    finished: count('FINISHED'),
    cancelled,
    expiredWithoutDriver: count('EXPIRED'),
    revenue,
    timeToAcceptSeconds: { median: percentile(waits, 50), p90: percentile(waits, 90) },
    cancellationRate: calls.length === 0 ? 0 : cancelled / calls.length,
  };
};

/**
 * Per day of the service time zone, every call counted on the day it was requested (so a day's
 * numbers add up: requested = finished + cancelled + expired + still open).
 */
export class DailyReportQueries {
  constructor(
    private readonly readStore: ReadStore,
    private readonly timeZone: string,
  ) {}

  /** `from` and `to` are days (YYYY-MM-DD), both included. */
  async daily(from: string, to: string): Promise<DailyReport[]> {
    const range = { $gte: startOfDay(from, this.timeZone), $lt: startOfDay(nextDay(to), this.timeZone) };
    const calls = await this.readStore.find<ReportedCall>(
      dailyReportProjection.collection,
      { requestedAt: range },
      { sort: [['requestedAt', 'asc']] },
    );
    const byDay = new Map<string, ReportedCall[]>();
    for (let day = from; day <= to; day = nextDay(day)) byDay.set(day, []);
    for (const call of calls) byDay.get(dayOf(call.requestedAt, this.timeZone))?.push(call);
    return [...byDay].map(([day, dayCalls]) => reportOf(day, dayCalls));
  }
}
