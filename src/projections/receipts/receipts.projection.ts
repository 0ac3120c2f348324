import type { CallRequested } from '../../domain/call/call.js';
import type { FareBreakdown, Money, Tariff } from '../../domain/driving/fare.js';
import type { DistanceSource } from '../../domain/driving/ride-track.js';
import { callIdOf, type LogEventOfType, type LogEventType } from '../../domain/events.js';
import type { PaymentEvent, PaymentStatus } from '../../domain/payment/payment.js';
import type { Place } from '../../domain/shared/geo.js';
import { ERASED, erasedValue } from '../../domain/privacy/personal-data.js';
import { defineProjection, type Erasure, type Projection, type ReadModelDocument } from '../projection.js';

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

const PAYMENT_STATUS: Record<PaymentEvent['type'], PaymentStatus> = {
  PaymentRequested: 'PENDING',
  PaymentDeferred: 'PENDING',
  PaymentRetried: 'PENDING',
  PaymentApproved: 'APPROVED',
  PaymentFailed: 'FAILED',
  PaymentRefunded: 'REFUNDED',
  // Voiding: not settled until the gateway confirms it holds no charge.
  PaymentVoidRequested: 'PENDING',
  PaymentVoided: 'VOIDED',
  PaymentWaived: 'WAIVED',
};
const PAYMENT_EVENTS = [
  'PaymentRequested',
  'PaymentDeferred',
  'PaymentRetried',
  'PaymentApproved',
  'PaymentFailed',
  'PaymentRefunded',
  'PaymentVoidRequested',
  'PaymentVoided',
  'PaymentWaived',
] as const satisfies ReadonlyArray<PaymentEvent['type']>;
const RECEIPT_EVENTS = [
  'CallRequested',
  'CallCancelled',
  'DriverAccepted',
  'RideStarted',
  'RideFinished',
  'RideRated',
  ...PAYMENT_EVENTS,
] as const satisfies readonly LogEventType[];
type ReceiptEvent = LogEventOfType<(typeof RECEIPT_EVENTS)[number]>;

const created = ({ data }: CallRequested, position: number): Receipt => ({
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

const paid = (receipt: Receipt, event: LogEventOfType<(typeof PAYMENT_EVENTS)[number]>): Receipt => {
  const known = receipt.payment ?? { paymentId: event.data.paymentId, status: 'PENDING' as PaymentStatus, amount: null, gatewayReference: null };
  return {
    ...receipt,
    payment: {
      ...known,
      status: PAYMENT_STATUS[event.type],
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

/**
 * The receipt without the person: the passenger's id and places, or the driver's id, read as
 * erased. The fare, its breakdown, the distance and the payment stay, so the books add up.
 */
const forget = (receipt: Receipt, erasure: Erasure): Receipt =>
  erasure.kind === 'passenger'
    ? { ...receipt, passengerId: ERASED, pickup: erasedValue(receipt.pickup) as Place, destination: erasedValue(receipt.destination) as Place }
    : { ...receipt, driverId: receipt.driverId && ERASED };

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
  forgets: { passenger: 'passengerId', driver: 'driverId' },
  personal: { passenger: ['pickup', 'destination'] },
  forget,
  canHandle: RECEIPT_EVENTS,
  keyOf: (event) => callIdOf(event),
  evolve: (receipt, recorded) => {
    if (recorded.type === 'CallRequested') return receipt ?? created(recorded, recorded.position);
    if (!receipt) return null;
    return { ...apply(receipt, recorded), position: recorded.position };
  },
});
