import type { CallExpired, CallRequested } from '../../domain/call/call.js';
import type { DispatchCancelled, DriverAccepted } from '../../domain/dispatch/dispatch.js';
import type { RideFinished } from '../../domain/driving/driving.js';
import type { PaymentRefunded } from '../../domain/payment/payment.js';
import type { RecordedEvent } from '../../application/ports/event-store.js';
import { appliedOnce, callIdOf, type Projection, type ReadModelDocument } from '../projection.js';

/**
 * The facts of one call the daily report adds up: when it was requested and accepted, how it
 * ended, what it earned. Kept per call (not per day) so that evolve stays a pure function of one
 * document — later events do not carry the request's day — and the day is cut at query time, in
 * the service time zone, which therefore never has to be part of the projection.
 */
export type ReportedCall = ReadModelDocument & {
  callId: string;
  rideType: string;
  requestedAt: string;
  acceptedAt: string | null;
  outcome: 'OPEN' | 'FINISHED' | 'CANCELLED' | 'EXPIRED';
  fare: number | null;
  currency: string | null;
  refunded: boolean;
};

type ReportEvent = CallRequested | DriverAccepted | RideFinished | DispatchCancelled | CallExpired | PaymentRefunded;
const HANDLED = new Set<string>(['CallRequested', 'DriverAccepted', 'RideFinished', 'DispatchCancelled', 'CallCancelled', 'CallExpired', 'PaymentRefunded']);

const apply = (call: ReportedCall, event: ReportEvent): ReportedCall => {
  switch (event.type) {
    case 'CallRequested':
      return call;
    case 'DriverAccepted':
      return { ...call, acceptedAt: call.acceptedAt ?? event.data.acceptedAt };
    case 'RideFinished':
      return { ...call, outcome: 'FINISHED', fare: event.data.fare.amount, currency: event.data.fare.currency };
    case 'DispatchCancelled':
      // A finished ride an operator cancels was still driven: it is refunded, not un-finished.
      return call.outcome === 'OPEN' ? { ...call, outcome: 'CANCELLED' } : call;
    case 'CallExpired':
      return call.outcome === 'OPEN' ? { ...call, outcome: 'EXPIRED' } : call;
    case 'PaymentRefunded':
      return { ...call, refunded: true };
    default: {
      const _exhaustive: never = event;
      return call;
    }
  }
};

const requested = (event: RecordedEvent): ReportedCall => {
  const { callId, rideType, requestedAt } = event.data as CallRequested['data'];
  return { id: callId, position: event.position, callId, rideType, requestedAt, acceptedAt: null, outcome: 'OPEN', fare: null, currency: null, refunded: false };
};

/**
 * Holds nobody's id nor personal fields (call id, ride type, times, outcome, fare), so it has
 * nothing to forget and an erasure leaves every day's report as it was.
 */
export const dailyReportProjection: Projection<ReportedCall> = {
  name: 'daily-report',
  collection: 'report_calls',
  version: 1,
  indexes: [[['requestedAt', 'asc'], ['id', 'asc']]],
  keyOf: (event) => (HANDLED.has(event.type) ? callIdOf(event) : null),
  evolve: appliedOnce((call, recorded) => {
    if (!HANDLED.has(recorded.type)) return call;
    if (recorded.type === 'CallRequested') return call ?? requested(recorded);
    if (!call) return null;
    // CallCancelled and DispatchCancelled say the same thing; one shape serves both.
    const type = recorded.type === 'CallCancelled' ? 'DispatchCancelled' : recorded.type;
    const event = { type, data: recorded.data } as ReportEvent;
    return { ...apply(call, event), position: recorded.position };
  }),
};
