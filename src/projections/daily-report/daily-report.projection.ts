import type { CallRequested } from '../../domain/call/call.js';
import type { LogEventOfType } from '../../domain/events.js';
import type { RecordedEvent } from '../../application/ports/event-store.js';
import { perCall } from '../per-call.js';
import { defineProjection, type Projection, type ReadModelDocument } from '../projection.js';

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

/** The request and acceptance, how the call ended, and whether its fare came back. */
const REPORT_EVENTS = [
  'CallRequested',
  'DriverAccepted',
  'RideFinished',
  'DispatchCancelled',
  'CallCancelled',
  'CallExpired',
  'PaymentRefunded',
] as const;
type ReportEvent = LogEventOfType<(typeof REPORT_EVENTS)[number]>;

const apply = (call: ReportedCall, event: Exclude<ReportEvent, CallRequested>): ReportedCall => {
  switch (event.type) {
    case 'DriverAccepted':
      return { ...call, acceptedAt: call.acceptedAt ?? event.data.acceptedAt };
    case 'RideFinished':
      return { ...call, outcome: 'FINISHED', fare: event.data.fare.amount, currency: event.data.fare.currency };
    // CallCancelled and DispatchCancelled say the same thing; one shape serves both.
    case 'DispatchCancelled':
    case 'CallCancelled':
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

const requested = (event: RecordedEvent<CallRequested>): ReportedCall => {
  const { callId, rideType, requestedAt } = event.data;
  return {
    id: callId,
    position: event.position,
    callId,
    rideType,
    requestedAt,
    acceptedAt: null,
    outcome: 'OPEN',
    fare: null,
    currency: null,
    refunded: false,
  };
};

/**
 * Holds nobody's id nor personal fields (call id, ride type, times, outcome, fare), so it has
 * nothing to forget and an erasure leaves every day's report as it was.
 */
export const dailyReportProjection: Projection<ReportedCall> = defineProjection({
  name: 'daily-report',
  collection: 'report_calls',
  indexes: [
    [
      ['requestedAt', 'asc'],
      ['id', 'asc'],
    ],
  ],
  canHandle: REPORT_EVENTS,
  ...perCall(requested, apply),
});
