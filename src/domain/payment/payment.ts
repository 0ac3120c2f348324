import { type DomainEvent, type Decider, assertNever } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import type { Money } from '../driving/fare.js';

/**
 * Payment — the fare of one ride: requested → approved | deferred ("pay later", retried) → approved
 * | failed; an approved payment can be refunded. Gateway calls happen outside; their outcomes
 * arrive here as commands, so a retried command never charges twice.
 */
export type PaymentStatus = 'PENDING' | 'APPROVED' | 'FAILED' | 'REFUNDED';

export type PaymentRequested = DomainEvent<'PaymentRequested', { paymentId: string; callId: string; passengerId: string; amount: Money; requestedAt: string }>;
export type PaymentApproved = DomainEvent<'PaymentApproved', { paymentId: string; callId: string; gatewayReference: string; approvedAt: string }>;
export type PaymentDeferred = DomainEvent<'PaymentDeferred', { paymentId: string; callId: string; reason: string; attempt: number; retryAt: string; deferredAt: string }>;
export type PaymentFailed = DomainEvent<'PaymentFailed', { paymentId: string; callId: string; reason: string; failedAt: string }>;
export type PaymentRefunded = DomainEvent<'PaymentRefunded', { paymentId: string; callId: string; gatewayReference: string; refundedAt: string }>;
export type PaymentEvent = PaymentRequested | PaymentApproved | PaymentDeferred | PaymentFailed | PaymentRefunded;

export type RequestPayment = { type: 'RequestPayment'; data: PaymentRequested['data'] };
export type ApprovePayment = { type: 'ApprovePayment'; data: PaymentApproved['data'] };
export type DeferPayment = { type: 'DeferPayment'; data: Omit<PaymentDeferred['data'], 'attempt'> };
export type FailPayment = { type: 'FailPayment'; data: PaymentFailed['data'] };
export type RefundPayment = { type: 'RefundPayment'; data: PaymentRefunded['data'] };
export type PaymentCommand = RequestPayment | ApprovePayment | DeferPayment | FailPayment | RefundPayment;

type Charge = { paymentId: string; callId: string; passengerId: string; amount: Money };
export type PaymentState =
  | { status: 'none' }
  | { status: 'requested'; charge: Charge; attempts: number }
  | { status: 'deferred'; charge: Charge; attempts: number }
  | { status: 'approved'; charge: Charge; gatewayReference: string }
  | { status: 'failed'; charge: Charge }
  | { status: 'refunded'; charge: Charge };

/** The contract's payment status for a payment state. */
export const paymentStatusOf = (state: PaymentState): PaymentStatus | null => {
  switch (state.status) {
    case 'none':
      return null;
    case 'requested':
    case 'deferred':
      return 'PENDING';
    case 'approved':
      return 'APPROVED';
    case 'failed':
      return 'FAILED';
    case 'refunded':
      return 'REFUNDED';
    default:
      return assertNever(state);
  }
};

const settled = (paymentId: string, status: string) =>
  new DomainError('PAYMENT_ALREADY_SETTLED', `Payment ${paymentId} is already ${status}`, { paymentId, status });

export const decide = (command: PaymentCommand, state: PaymentState): PaymentEvent[] => {
  const { paymentId } = command.data;
  if (command.type === 'RequestPayment') {
    return state.status === 'none' ? [{ type: 'PaymentRequested', data: command.data }] : [];
  }
  if (state.status === 'none') throw new DomainError('PAYMENT_NOT_FOUND', `Payment ${paymentId} does not exist`, { paymentId });
  switch (command.type) {
    case 'ApprovePayment':
      if (state.status === 'approved' || state.status === 'refunded') return [];
      // A charge still in flight when the payment was given up or voided (its call cancelled) may
      // still be approved: the gateway took the money, so the log must say so. Compensation then
      // refunds it if the call was cancelled.
      return [{ type: 'PaymentApproved', data: command.data }];
    case 'DeferPayment':
      if (state.status !== 'requested' && state.status !== 'deferred') return [];
      return [{ type: 'PaymentDeferred', data: { ...command.data, attempt: state.attempts + 1 } }];
    case 'FailPayment':
      if (state.status === 'failed') return [];
      if (state.status !== 'requested' && state.status !== 'deferred') throw settled(paymentId, state.status);
      return [{ type: 'PaymentFailed', data: command.data }];
    case 'RefundPayment':
      if (state.status === 'refunded') return [];
      if (state.status !== 'approved') {
        throw new DomainError('PAYMENT_NOT_REFUNDABLE', 'Only an approved payment can be refunded', { paymentId, status: state.status });
      }
      return [{ type: 'PaymentRefunded', data: command.data }];
    default:
      return assertNever(command);
  }
};

export const evolve = (state: PaymentState, event: PaymentEvent): PaymentState => {
  switch (event.type) {
    case 'PaymentRequested': {
      if (state.status !== 'none') return state;
      const { requestedAt: _ignored, ...charge } = event.data;
      return { status: 'requested', charge, attempts: 0 };
    }
    case 'PaymentDeferred':
      return state.status === 'requested' || state.status === 'deferred'
        ? { status: 'deferred', charge: state.charge, attempts: event.data.attempt }
        : state;
    case 'PaymentApproved':
      return state.status === 'none' ? state : { status: 'approved', charge: state.charge, gatewayReference: event.data.gatewayReference };
    case 'PaymentFailed':
      return state.status === 'none' ? state : { status: 'failed', charge: state.charge };
    case 'PaymentRefunded':
      return state.status === 'none' ? state : { status: 'refunded', charge: state.charge };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
};

export const initialState = (): PaymentState => ({ status: 'none' });

export const paymentDecider: Decider<PaymentCommand, PaymentEvent, PaymentState> = { decide, evolve, initialState };
/** One payment per call: the id is derived so a retried finish can never create a second one. */
export const paymentIdFor = (callId: string) => `pay-${callId}`;
export const paymentStream = (paymentId: string) => `payment-${paymentId}`;
