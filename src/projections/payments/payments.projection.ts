import { type LogEventOfType } from '../../domain/events.js';
import { PAYMENT_EVENT_TYPES, type PaymentRequested, type PaymentStatus } from '../../domain/payment/payment.js';
import type { Money } from '../../domain/driving/fare.js';
import { ERASED } from '../../domain/privacy/personal-data.js';
import { defineProjection, type Projection, type ReadModelDocument } from '../projection.js';

/** A payment as operators follow it: status, attempts, why the last one did not go through. */
export type PaymentView = ReadModelDocument & {
  paymentId: string;
  callId: string;
  passengerId: string;
  amount: Money;
  status: PaymentStatus;
  attempts: number;
  lastReason: string | null;
  retryAt: string | null;
  requestedAt: string;
  updatedAt: string;
};

/** A payment's events but a void's request: an operator sees no change until the gateway answers it. */
export const PAYMENT_VIEW_EVENTS = PAYMENT_EVENT_TYPES.filter(
  (type): type is Exclude<(typeof PAYMENT_EVENT_TYPES)[number], 'PaymentVoidRequested'> => type !== 'PaymentVoidRequested',
);
type PaymentEvent = LogEventOfType<(typeof PAYMENT_VIEW_EVENTS)[number]>;

const apply = (view: PaymentView, event: Exclude<PaymentEvent, PaymentRequested>): PaymentView => {
  switch (event.type) {
    case 'PaymentApproved':
      return view.status === 'REFUNDED' ? view : { ...view, status: 'APPROVED', retryAt: null };
    case 'PaymentDeferred':
      // Attempts count deferrals by their own number, so a replayed deferral adds nothing.
      if (view.status !== 'PENDING') return view;
      return { ...view, attempts: Math.max(view.attempts, event.data.attempt), lastReason: event.data.reason, retryAt: event.data.retryAt };
    case 'PaymentFailed':
      return view.status === 'PENDING' ? { ...view, status: 'FAILED', lastReason: event.data.reason, retryAt: null } : view;
    case 'PaymentRefunded':
      return { ...view, status: 'REFUNDED', retryAt: null };
    case 'PaymentVoided':
      return view.status === 'PENDING' ? { ...view, status: 'VOIDED', lastReason: event.data.reason, retryAt: null } : view;
    case 'PaymentWaived':
      return view.status === 'FAILED' ? { ...view, status: 'WAIVED', lastReason: event.data.reason ?? view.lastReason, retryAt: null } : view;
    case 'PaymentRetried':
      // The passenger pays a FAILED payment again: it needs attention as PENDING until it settles.
      return view.status === 'FAILED' ? { ...view, status: 'PENDING', retryAt: null } : view;
    default: {
      const _exhaustive: never = event;
      return view;
    }
  }
};

export const paymentsProjection: Projection<PaymentView> = defineProjection({
  name: 'payments',
  collection: 'payments',
  indexes: [
    [
      ['status', 'asc'],
      ['requestedAt', 'desc'],
      ['id', 'asc'],
    ],
    [
      ['requestedAt', 'desc'],
      ['id', 'asc'],
    ],
    [
      ['passengerId', 'asc'],
      ['id', 'asc'],
    ],
  ],
  // The payment stays (amount, status, attempts: the books must add up); only who paid goes.
  forgets: { passenger: 'passengerId' },
  forget: (view) => ({ ...view, passengerId: ERASED }),
  canHandle: PAYMENT_VIEW_EVENTS,
  keyOf: (event) => event.data.paymentId,
  evolve: (view, recorded) => {
    const updatedAt = recorded.metadata.timestamp;
    if (recorded.type === 'PaymentRequested') {
      if (view) return view;
      const { paymentId, callId, passengerId, amount, requestedAt } = recorded.data;
      return {
        id: paymentId,
        position: recorded.position,
        paymentId,
        callId,
        passengerId,
        amount,
        status: 'PENDING',
        attempts: 0,
        lastReason: null,
        retryAt: null,
        requestedAt,
        updatedAt,
      };
    }
    if (!view) return null;
    return { ...apply(view, recorded), position: recorded.position, updatedAt };
  },
});
