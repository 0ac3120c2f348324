import type { CallRequested } from '../../domain/call/call.js';
import type { CallStatus } from '../../domain/call/call-status.js';
import type { Money } from '../../domain/driving/fare.js';
import { isOneOf, type LogEventOfType, type LogEventType } from '../../domain/events.js';
import { type PaymentStatus, paymentStatusAfter } from '../../domain/payment/payment.js';
import type { Place } from '../../domain/shared/geo.js';
import type { FareEstimate } from '../../domain/driving/fare-estimate.js';
import { ERASED, erasedValue } from '../../domain/privacy/personal-data.js';
import { PAYMENT_VIEW_EVENTS } from '../payments/payments.projection.js';
import type { RecordedEvent } from '../../application/ports/event-store.js';
import { perCall } from '../per-call.js';
import { defineProjection, type Erasure, type Projection, type ReadModelDocument } from '../projection.js';

/** The passenger dashboard entry: everything about one call, in one document, so one read answers it. */
export type DashboardEntry = ReadModelDocument & {
  callId: string;
  passengerId: string;
  pickup: Place;
  destination: Place;
  rideType: string;
  status: CallStatus;
  driverId: string | null;
  driver: { driverId: string; name: string; vehicleNo: string } | null;
  vehicleNo: string | null;
  requestedAt: string;
  acceptedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  fare: Money | null;
  paymentId: string | null;
  paymentStatus: PaymentStatus | null;
  payment: { paymentId: string; status: PaymentStatus } | null;
  /** The fare quoted at the request, from the tariff fixed for the call (absent on older calls). */
  estimate?: FareEstimate | null;
  /** The passenger's stars for the ride, once rated. */
  rating?: { stars: number; ratedAt: string } | null;
  /** When the driver said they were at the pickup ("your taxi has arrived"); null until then and after a release. */
  arrivedAt?: string | null;
  /** Set when the dispatch centre booked the call for the passenger (a phone booking). */
  bookedBy?: { role: 'operator'; id: string } | null;
  updatedAt: string;
};

const DASHBOARD_EVENTS = [
  'CallRequested',
  'CallCancelled',
  'CallExpired',
  'DriverAccepted',
  'DispatchCancelled',
  'DispatchCompleted',
  'DriverArrived',
  'DispatchReleased',
  'RideStarted',
  'RideFinished',
  'RideRated',
  ...PAYMENT_VIEW_EVENTS,
] as const satisfies readonly LogEventType[];
/** What changes an entry after the request made it. */
type DashboardEvent = Exclude<LogEventOfType<(typeof DASHBOARD_EVENTS)[number]>, CallRequested>;

const withPayment = (entry: DashboardEntry, paymentId: string, status: PaymentStatus): DashboardEntry => ({
  ...entry,
  paymentId,
  paymentStatus: status,
  payment: { paymentId, status },
});

const isPaymentEvent = isOneOf(PAYMENT_VIEW_EVENTS);

const apply = (entry: DashboardEntry, event: DashboardEvent): DashboardEntry => {
  if (isPaymentEvent(event)) return withPayment(entry, event.data.paymentId, paymentStatusAfter[event.type]);
  switch (event.type) {
    case 'DriverAccepted': {
      const { driverId, driverName, vehicleNo, acceptedAt } = event.data;
      return { ...entry, status: 'DISPATCHED', driverId, driver: { driverId, name: driverName, vehicleNo }, vehicleNo, acceptedAt };
    }
    case 'DriverArrived':
      return entry.driverId === event.data.driverId ? { ...entry, arrivedAt: entry.arrivedAt ?? event.data.arrivedAt } : entry;
    case 'DispatchReleased':
      // Back to matching; a reassignment's acceptance of the new driver follows in the same append.
      return entry.status === 'DISPATCHED' && entry.driverId === event.data.driverId
        ? { ...entry, status: 'REQUESTED', driverId: null, driver: null, vehicleNo: null, acceptedAt: null, arrivedAt: null }
        : entry;
    case 'DispatchCompleted':
      return entry.status === 'DISPATCHED' ? { ...entry, status: 'DRIVING', startedAt: entry.startedAt ?? event.data.completedAt } : entry;
    case 'RideStarted':
      return { ...entry, status: entry.status === 'CANCELLED' ? entry.status : 'DRIVING', startedAt: event.data.startedAt };
    case 'RideFinished':
      return { ...entry, status: entry.status === 'CANCELLED' ? entry.status : 'FINISHED', finishedAt: event.data.finishedAt, fare: event.data.fare };
    case 'DispatchCancelled':
    case 'CallCancelled':
      // An operator cancel of a finished ride refunds it; the ride was still driven, so it stays FINISHED.
      return {
        ...entry,
        status: entry.status === 'FINISHED' ? 'FINISHED' : 'CANCELLED',
        cancelledAt: entry.cancelledAt ?? event.data.cancelledAt,
        cancelReason: entry.cancelReason ?? event.data.reason,
      };
    case 'CallExpired':
      return { ...entry, status: 'NO_DRIVER_FOUND' };
    case 'RideRated':
      return { ...entry, rating: { stars: event.data.stars, ratedAt: event.data.ratedAt } };
    default: {
      const _exhaustive: never = event;
      return entry;
    }
  }
};

const created = ({ data, position }: RecordedEvent<CallRequested>): DashboardEntry => {
  const { callId, passengerId, pickup, destination, rideType, requestedAt } = data;
  return {
    id: callId,
    position,
    callId,
    passengerId,
    pickup,
    destination,
    rideType,
    status: 'REQUESTED',
    driverId: null,
    driver: null,
    vehicleNo: null,
    requestedAt,
    acceptedAt: null,
    startedAt: null,
    finishedAt: null,
    cancelledAt: null,
    cancelReason: null,
    fare: null,
    paymentId: null,
    paymentStatus: null,
    payment: null,
    updatedAt: requestedAt,
    estimate: data.quote?.estimate ?? null,
    rating: null,
    arrivedAt: null,
    bookedBy: data.bookedBy ?? null,
  };
};

/**
 * The entry without the person: their id and personal fields read as erased, so the call is still
 * counted and priced but can no longer be found by the person's id.
 */
const forget = (entry: DashboardEntry, erasure: Erasure): DashboardEntry => {
  if (erasure.kind === 'passenger') {
    return {
      ...entry,
      passengerId: ERASED,
      pickup: erasedValue(entry.pickup) as Place,
      destination: erasedValue(entry.destination) as Place,
      cancelReason: entry.cancelReason === null ? null : ERASED,
    };
  }
  return {
    ...entry,
    driverId: entry.driverId && ERASED,
    driver: entry.driver && { driverId: ERASED, name: ERASED, vehicleNo: ERASED },
    vehicleNo: entry.vehicleNo && ERASED,
  };
};

export const dashboardProjection: Projection<DashboardEntry> = defineProjection({
  name: 'dashboard',
  collection: 'dashboard',
  indexes: [
    [
      ['passengerId', 'asc'],
      ['requestedAt', 'desc'],
      ['id', 'asc'],
    ],
    [
      ['status', 'asc'],
      ['id', 'asc'],
    ],
    [
      ['requestedAt', 'desc'],
      ['id', 'asc'],
    ],
    [
      ['driverId', 'asc'],
      ['requestedAt', 'desc'],
      ['id', 'asc'],
    ],
  ],
  forgets: { passenger: 'passengerId', driver: 'driverId' },
  personal: { passenger: ['pickup', 'destination', 'cancelReason'], driver: ['driver', 'vehicleNo'] },
  forget,
  canHandle: DASHBOARD_EVENTS,
  ...perCall(created, (entry, recorded: RecordedEvent<DashboardEvent>) => ({ ...apply(entry, recorded), updatedAt: recorded.metadata.timestamp })),
});
