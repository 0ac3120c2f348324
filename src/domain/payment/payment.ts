import { type DomainEvent, type Decider, assertNever } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import type { Money } from '../driving/fare.js';

/**
 * Payment — the fare of one ride: requested → approved | deferred ("pay later", retried) → approved
 * | failed; an approved payment can be refunded; a pending one whose call was cancelled is voided
 * in two steps — the void is requested at once, and confirmed only once the gateway says it holds
 * no charge of it (a charge in flight may still land), else the found charge is approved and
 * refunded; a failed one is paid again by the passenger (retried) or waived by an operator.
 * Gateway calls happen outside; their outcomes arrive here as commands, so a retried command
 * never charges twice.
 */
export type PaymentStatus = 'PENDING' | 'APPROVED' | 'FAILED' | 'REFUNDED' | 'VOIDED' | 'WAIVED';

export type PaymentRequested = DomainEvent<
  'PaymentRequested',
  { paymentId: string; callId: string; passengerId: string; amount: Money; requestedAt: string }
>;
export type PaymentApproved = DomainEvent<'PaymentApproved', { paymentId: string; callId: string; gatewayReference: string; approvedAt: string }>;
export type PaymentDeferred = DomainEvent<
  'PaymentDeferred',
  { paymentId: string; callId: string; reason: string; attempt: number; retryAt: string; deferredAt: string }
>;
export type PaymentFailed = DomainEvent<'PaymentFailed', { paymentId: string; callId: string; reason: string; failedAt: string }>;
export type PaymentRefunded = DomainEvent<'PaymentRefunded', { paymentId: string; callId: string; gatewayReference: string; refundedAt: string }>;
/** The call was cancelled while the payment was open: nothing more is charged, but a charge in flight may still land. */
export type PaymentVoidRequested = DomainEvent<'PaymentVoidRequested', { paymentId: string; callId: string; reason: string; requestedAt: string }>;
/** The gateway confirmed it holds no charge of a payment whose void was requested. */
export type PaymentVoided = DomainEvent<'PaymentVoided', { paymentId: string; callId: string; reason: string; voidedAt: string }>;
export type PaymentWaived = DomainEvent<
  'PaymentWaived',
  { paymentId: string; callId: string; waivedBy: string; reason: string | null; waivedAt: string }
>;
/** The passenger pays a failed payment again; `idempotencyKey` is the key of this attempt at the gateway. */
export type PaymentRetried = DomainEvent<
  'PaymentRetried',
  { paymentId: string; callId: string; retry: number; idempotencyKey: string; retriedAt: string }
>;
export type PaymentEvent =
  | PaymentRequested
  | PaymentApproved
  | PaymentDeferred
  | PaymentFailed
  | PaymentRefunded
  | PaymentVoidRequested
  | PaymentVoided
  | PaymentWaived
  | PaymentRetried;

export type RequestPayment = { type: 'RequestPayment'; data: PaymentRequested['data'] };
export type ApprovePayment = { type: 'ApprovePayment'; data: PaymentApproved['data'] };
export type DeferPayment = { type: 'DeferPayment'; data: Omit<PaymentDeferred['data'], 'attempt'> };
export type FailPayment = { type: 'FailPayment'; data: PaymentFailed['data'] };
export type RefundPayment = { type: 'RefundPayment'; data: PaymentRefunded['data'] };
export type RequestVoid = { type: 'RequestVoid'; data: PaymentVoidRequested['data'] };
/** Sent only once the gateway said it holds no charge of the payment. */
export type VoidPayment = { type: 'VoidPayment'; data: PaymentVoided['data'] };
export type WaivePayment = { type: 'WaivePayment'; data: PaymentWaived['data'] };
export type RetryPayment = { type: 'RetryPayment'; data: { paymentId: string; callId: string; retriedAt: string } };
export type PaymentCommand =
  RequestPayment | ApprovePayment | DeferPayment | FailPayment | RefundPayment | RequestVoid | VoidPayment | WaivePayment | RetryPayment;

type Charge = { paymentId: string; callId: string; passengerId: string; amount: Money };
/** The gateway key of the current attempt, and how many times the passenger paid again. */
type Attempt = { idempotencyKey: string; retries: number };
export type PaymentState =
  | { status: 'none' }
  | ({ status: 'requested'; charge: Charge; attempts: number } & Attempt)
  | ({ status: 'deferred'; charge: Charge; attempts: number } & Attempt)
  | { status: 'approved'; charge: Charge; gatewayReference: string }
  | ({ status: 'failed'; charge: Charge; reason: string } & Attempt)
  | { status: 'refunded'; charge: Charge }
  | { status: 'voiding'; charge: Charge; reason: string }
  | { status: 'voided'; charge: Charge }
  | { status: 'waived'; charge: Charge };

const STATUS: Record<Exclude<PaymentState['status'], 'none'>, PaymentStatus> = {
  requested: 'PENDING',
  deferred: 'PENDING',
  approved: 'APPROVED',
  failed: 'FAILED',
  refunded: 'REFUNDED',
  // Until the gateway confirms it holds no charge, nobody can say the passenger was not charged.
  voiding: 'PENDING',
  voided: 'VOIDED',
  waived: 'WAIVED',
};

/** Every event of a payment's stream. */
export const PAYMENT_EVENT_TYPES = [
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

/** The contract's payment status right after each event, for a reader that shows it without the state. */
export const paymentStatusAfter: Record<PaymentEvent['type'], PaymentStatus> = {
  PaymentRequested: STATUS.requested,
  PaymentDeferred: STATUS.deferred,
  PaymentRetried: STATUS.requested,
  PaymentApproved: STATUS.approved,
  PaymentFailed: STATUS.failed,
  PaymentRefunded: STATUS.refunded,
  PaymentVoidRequested: STATUS.voiding,
  PaymentVoided: STATUS.voided,
  PaymentWaived: STATUS.waived,
};

/** The contract's payment status for a payment state. */
export const paymentStatusOf = (state: PaymentState): PaymentStatus | null => (state.status === 'none' ? null : STATUS[state.status]);

/**
 * Given up while the gateway was unavailable: whether it charged under the key is unknown, so
 * paying again must reuse that key — a gateway that did charge answers with that charge.
 */
const OUTCOME_UNKNOWN = new Set(['RETRIES_EXHAUSTED', 'RETRY_WINDOW_EXPIRED']);

/** A declined key's refusal is remembered by the gateway, so paying again needs a key of its own. */
export const retryKeyFor = (paymentId: string, retry: number) => `${paymentId}:retry-${retry}`;

const settled = (paymentId: string, status: string) =>
  new DomainError('PAYMENT_ALREADY_SETTLED', `Payment ${paymentId} is already ${status}`, { paymentId, status });

const isOpen = (state: PaymentState) => state.status === 'requested' || state.status === 'deferred';

const decideOnExisting = (command: Exclude<PaymentCommand, RequestPayment>, state: Exclude<PaymentState, { status: 'none' }>): PaymentEvent[] => {
  const { paymentId } = command.data;
  switch (command.type) {
    case 'ApprovePayment':
      if (state.status === 'approved' || state.status === 'refunded') return [];
      // A charge still in flight when the payment was given up, voided or waived may still be
      // approved: the gateway took the money, so the log must say so. Compensation then refunds
      // it if the call was cancelled.
      return [{ type: 'PaymentApproved', data: command.data }];
    case 'DeferPayment':
      if (state.status !== 'requested' && state.status !== 'deferred') return [];
      return [{ type: 'PaymentDeferred', data: { ...command.data, attempt: state.attempts + 1 } }];
    case 'FailPayment':
      // A decline while voiding changes nothing: the void is confirmed by asking the gateway.
      if (state.status === 'failed' || state.status === 'voiding' || state.status === 'voided' || state.status === 'waived') return [];
      if (!isOpen(state)) throw settled(paymentId, state.status);
      return [{ type: 'PaymentFailed', data: command.data }];
    case 'RequestVoid':
      if (state.status === 'voiding' || state.status === 'voided') return [];
      if (!isOpen(state)) throw settled(paymentId, state.status);
      return [{ type: 'PaymentVoidRequested', data: command.data }];
    case 'VoidPayment':
      if (state.status === 'voided') return [];
      if (isOpen(state))
        throw new DomainError('PAYMENT_VOID_NOT_REQUESTED', `Payment ${paymentId} may still be charged; request its void first`, { paymentId });
      if (state.status !== 'voiding') throw settled(paymentId, state.status);
      return [{ type: 'PaymentVoided', data: command.data }];
    case 'RefundPayment':
      if (state.status === 'refunded') return [];
      if (state.status !== 'approved') {
        throw new DomainError('PAYMENT_NOT_REFUNDABLE', 'Only an approved payment can be refunded', { paymentId, status: state.status });
      }
      return [{ type: 'PaymentRefunded', data: command.data }];
    case 'WaivePayment':
      if (state.status !== 'failed')
        throw new DomainError('PAYMENT_NOT_WAIVABLE', `Only a failed payment can be waived; ${paymentId} is ${STATUS[state.status]}`, {
          paymentId,
          status: STATUS[state.status],
        });
      return [{ type: 'PaymentWaived', data: command.data }];
    case 'RetryPayment': {
      if (state.status !== 'failed')
        throw new DomainError('PAYMENT_NOT_RETRYABLE', `Only a failed payment can be paid again; ${paymentId} is ${STATUS[state.status]}`, {
          paymentId,
          status: STATUS[state.status],
        });
      const retry = state.retries + 1;
      const idempotencyKey = OUTCOME_UNKNOWN.has(state.reason) ? state.idempotencyKey : retryKeyFor(paymentId, retry);
      return [{ type: 'PaymentRetried', data: { ...command.data, retry, idempotencyKey } }];
    }
    default:
      return assertNever(command);
  }
};

export const decide = (command: PaymentCommand, state: PaymentState): PaymentEvent[] => {
  if (command.type === 'RequestPayment') {
    return state.status === 'none' ? [{ type: 'PaymentRequested', data: command.data }] : [];
  }
  if (state.status === 'none')
    throw new DomainError('PAYMENT_NOT_FOUND', `Payment ${command.data.paymentId} does not exist`, { paymentId: command.data.paymentId });
  return decideOnExisting(command, state);
};

const attemptOf = (state: PaymentState): Attempt =>
  'idempotencyKey' in state ? { idempotencyKey: state.idempotencyKey, retries: state.retries } : { idempotencyKey: '', retries: 0 };

export const evolve = (state: PaymentState, event: PaymentEvent): PaymentState => {
  if (event.type === 'PaymentRequested') {
    if (state.status !== 'none') return state;
    const { requestedAt: _ignored, ...charge } = event.data;
    return { status: 'requested', charge, attempts: 0, idempotencyKey: charge.paymentId, retries: 0 };
  }
  if (state.status === 'none') return state;
  const { charge } = state;
  switch (event.type) {
    case 'PaymentDeferred':
      return isOpen(state) ? { status: 'deferred', charge, attempts: event.data.attempt, ...attemptOf(state) } : state;
    case 'PaymentApproved':
      return { status: 'approved', charge, gatewayReference: event.data.gatewayReference };
    case 'PaymentFailed':
      return { status: 'failed', charge, reason: event.data.reason, ...attemptOf(state) };
    case 'PaymentRefunded':
      return { status: 'refunded', charge };
    case 'PaymentVoidRequested':
      return isOpen(state) ? { status: 'voiding', charge, reason: event.data.reason } : state;
    case 'PaymentVoided':
      return { status: 'voided', charge };
    case 'PaymentWaived':
      return state.status === 'failed' ? { status: 'waived', charge } : state;
    case 'PaymentRetried':
      return state.status === 'failed'
        ? { status: 'requested', charge, attempts: 0, idempotencyKey: event.data.idempotencyKey, retries: event.data.retry }
        : state;
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
