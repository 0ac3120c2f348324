import type { PaymentStatus } from '../../domain/payment/payment.js';
import type { RecordedEvent } from '../../application/ports/event-store.js';
import { applyEvent, keyFor } from '../projection.js';
import type { CallStatus } from '../../domain/call/call-status.js';
import { type DashboardEntry, dashboardProjection } from './dashboard.projection.js';

/** What a passenger watching one call sees change: the dashboard entry's status or payment status. */
export type StatusChange = {
  /** Global position of the event that made the change: the SSE id a reconnecting client resumes after. */
  position: number;
  status: CallStatus;
  paymentStatus: PaymentStatus | null;
  entry: DashboardEntry;
};

export type StatusWatch = { entry: DashboardEntry | null; reported: string | null };

export const initialWatch = (): StatusWatch => ({ entry: null, reported: null });

const keyOf = (entry: DashboardEntry) => `${entry.status}|${entry.paymentStatus ?? ''}`;

/**
 * Folds one call's events through the dashboard projection (`applyEvent`), so the live status
 * means exactly what the dashboard shows; reports a change only when the status or the payment
 * status differs from the last one reported (DispatchCompleted and RideStarted both mean DRIVING:
 * one change). Pure: the same events give the same changes, on every replay.
 */
export const watchStatus = (watch: StatusWatch, event: RecordedEvent): { watch: StatusWatch; change: StatusChange | null } => {
  if (keyFor(dashboardProjection, event) === null) return { watch, change: null };
  const evolved = applyEvent(dashboardProjection, watch.entry, event);
  if (!evolved) return { watch: { ...watch, entry: null }, change: null };
  const entry = evolved;
  const key = keyOf(entry);
  if (key === watch.reported) return { watch: { entry, reported: key }, change: null };
  return { watch: { entry, reported: key }, change: { position: event.position, status: entry.status, paymentStatus: entry.paymentStatus, entry } };
};
