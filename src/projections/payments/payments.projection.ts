import type {
  PaymentApproved,
  PaymentDeferred,
  PaymentFailed,
  PaymentRefunded,
  PaymentRequested,
  PaymentRetried,
  PaymentStatus,
  PaymentVoided,
  PaymentWaived,
} from '../../domain/payment/payment.js';
import type { Money } from '../../domain/driving/fare.js';
import { ERASED } from '../../domain/privacy/personal-data.js';
import { appliedOnce, type Projection, type ReadModelDocument } from '../projection.js';

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

type PaymentEvent = PaymentRequested | PaymentApproved | PaymentDeferred | PaymentFailed | PaymentRefunded | PaymentVoided | PaymentWaived | PaymentRetried;
const HANDLED = new Set(['PaymentRequested', 'PaymentApproved', 'PaymentDeferred', 'PaymentFailed', 'PaymentRefunded', 'PaymentVoided', 'PaymentWaived', 'PaymentRetried']);

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

export const paymentsProjection: Projection<PaymentView> = {
  name: 'payments',
  collection: 'payments',
  // 3: forgets an erased passenger (a rebuild applies the erasures already in the log).
  version: 3,
  indexes: [[['status', 'asc'], ['requestedAt', 'desc'], ['id', 'asc']], [['requestedAt', 'desc'], ['id', 'asc']], [['passengerId', 'asc'], ['id', 'asc']]],
  // The payment stays (amount, status, attempts: the books must add up); only who paid goes.
  forgets: { passenger: 'passengerId' },
  forget: (view) => ({ ...view, passengerId: ERASED }),
  keyOf: (event) => (HANDLED.has(event.type) ? (event.data as { paymentId: string }).paymentId : null),
  evolve: appliedOnce((view, recorded) => {
    if (!HANDLED.has(recorded.type)) return view;
    const event = { type: recorded.type, data: recorded.data } as PaymentEvent;
    const updatedAt = recorded.metadata.timestamp;
    if (event.type === 'PaymentRequested') {
      if (view) return view;
      const { paymentId, callId, passengerId, amount, requestedAt } = event.data;
      return { id: paymentId, position: recorded.position, paymentId, callId, passengerId, amount, status: 'PENDING', attempts: 0, lastReason: null, retryAt: null, requestedAt, updatedAt };
    }
    if (!view) return null;
    return { ...apply(view, event), position: recorded.position, updatedAt };
  }),
};
