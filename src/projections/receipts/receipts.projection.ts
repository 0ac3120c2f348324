import type { CallRequested } from '../../domain/call/call.js';
import type { FareBreakdown, Money, Tariff } from '../../domain/driving/fare.js';
import type { DistanceSource } from '../../domain/driving/ride-track.js';
import { type LogEventOfType, type LogEventType } from '../../domain/events.js';
import { PAYMENT_EVENT_TYPES, type PaymentStatus, paymentStatusAfter } from '../../domain/payment/payment.js';
import type { Place } from '../../domain/shared/geo.js';
import type { RecordedEvent } from '../../application/ports/event-store.js';
import { forgetsRiders, perCall } from '../per-call.js';
import { defineProjection, type Projection, type ReadModelDocument } from '../projection.js';

/** A ride's receipt: when, how far, under which tariff, how the fare adds up, and where its payment stands. */
export type Receipt = ReadModelDocument & {
  callId: string;
  passengerId: string;
  driverId: string | null;
  rideType: string;
  pickup: Place;
  destination: Place;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  cancelledAt: string | null;
  durationSeconds: number | null;
  distanceMeters: number | null;
  distanceSource: DistanceSource | null;
  slowSeconds: number | null;
  /** The tariff fixed at the request (null for calls requested before requests recorded one). */
  tariff: (Tariff & { rideType: string; version: number }) | null;
  fare: Money | null;
  breakdown: FareBreakdown | null;
  surcharges: FareBreakdown['surcharges'];
  payment: { paymentId: string; status: PaymentStatus; amount: Money | null; gatewayReference: string | null } | null;
  rating: { stars: number; ratedAt: string } | null;
};

const RECEIPT_EVENTS = [
  ...PAYMENT_EVENT_TYPES,
  'CallRequested',
  'CallCancelled',
  'DriverAccepted',
  'RideStarted',
  'RideFinished',
  'RideRated',
] as const satisfies readonly LogEventType[];
type ReceiptEvent = LogEventOfType<(typeof RECEIPT_EVENTS)[number]>;

const created = ({ data, position }: RecordedEvent<CallRequested>): Receipt => ({
  id: data.callId,
  position,
  callId: data.callId,
  passengerId: data.passengerId,
  driverId: null,
  rideType: data.rideType,
  pickup: data.pickup,
  destination: data.destination,
  requestedAt: data.requestedAt,
  startedAt: null,
  finishedAt: null,
  cancelledAt: null,
  durationSeconds: null,
  distanceMeters: null,
  distanceSource: null,
  slowSeconds: null,
  tariff: data.quote ? { rideType: data.rideType, version: data.quote.tariffVersion, ...data.quote.tariff } : null,
  fare: null,
  breakdown: null,
  surcharges: [],
  payment: null,
  rating: null,
});

const paid = (receipt: Receipt, event: LogEventOfType<(typeof PAYMENT_EVENT_TYPES)[number]>): Receipt => {
  const known = receipt.payment ?? { paymentId: event.data.paymentId, status: 'PENDING' as PaymentStatus, amount: null, gatewayReference: null };
  return {
    ...receipt,
    payment: {
      ...known,
      status: paymentStatusAfter[event.type],
      ...(event.type === 'PaymentRequested' ? { amount: event.data.amount } : {}),
      ...(event.type === 'PaymentApproved' ? { gatewayReference: event.data.gatewayReference } : {}),
    },
  };
};

const apply = (receipt: Receipt, event: Exclude<ReceiptEvent, CallRequested>): Receipt => {
  switch (event.type) {
    case 'CallCancelled':
      return { ...receipt, cancelledAt: receipt.cancelledAt ?? event.data.cancelledAt };
    case 'DriverAccepted':
      return { ...receipt, driverId: event.data.driverId };
    case 'RideStarted':
      return { ...receipt, driverId: event.data.driverId, startedAt: event.data.startedAt };
    case 'RideFinished': {
      const { finishedAt, durationSeconds, fare, distanceMeters, distanceSource, slowSeconds, breakdown } = event.data;
      return {
        ...receipt,
        finishedAt,
        durationSeconds,
        fare,
        distanceMeters: distanceMeters ?? null,
        distanceSource: distanceSource ?? null,
        slowSeconds: slowSeconds ?? null,
        breakdown: breakdown ?? null,
        surcharges: breakdown?.surcharges ?? [],
      };
    }
    case 'RideRated':
      return { ...receipt, rating: { stars: event.data.stars, ratedAt: event.data.ratedAt } };
    default:
      return paid(receipt, event);
  }
};

export const receiptsProjection: Projection<Receipt> = defineProjection({
  name: 'receipts',
  collection: 'receipts',
  indexes: [
    [
      ['passengerId', 'asc'],
      ['id', 'asc'],
    ],
    [
      ['driverId', 'asc'],
      ['id', 'asc'],
    ],
  ],
  // The fare, its breakdown, the distance and the payment stay.
  ...forgetsRiders<Receipt>(),
  canHandle: RECEIPT_EVENTS,
  ...perCall(created, apply),
});
