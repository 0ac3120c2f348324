import { type Token, token } from './token.js';
import type { Money } from '../../domain/driving/fare.js';

/**
 * The external card gateway, as the payment use cases see it. The gateway is slow and flaky at
 * times, so the port never throws for gateway trouble: every call ends in one of three outcomes,
 * and the caller decides what each means for the Payment aggregate.
 */
export type ChargeRequest = {
  paymentId: string;
  /**
   * Sent with every attempt of this charge, and with every later retry of the same payment
   * ("pay later"): the gateway deduplicates on it, so a retry never charges twice. Using the
   * payment id (or a value derived from it) is the natural choice.
   */
  idempotencyKey: string;
  amount: Money;
  passengerId: string;
  callId: string;
};

export type RefundRequest = {
  paymentId: string;
  /** Deduplicates refunds the way `idempotencyKey` deduplicates charges; never reuse a charge's key. */
  idempotencyKey: string;
  /** The `gatewayReference` of the approved charge. */
  gatewayReference: string;
  amount: Money;
};

/**
 * `declined`: a definitive business refusal (card declined, limit exceeded, key reused with a
 * different body) — retrying the same request cannot change it.
 * `unavailable`: timeout, 5xx, connection error or open breaker — the outcome is unknown or the
 * gateway is sick; the caller defers the payment ("pay later") and retries with the same key.
 */
export type ChargeOutcome =
  { kind: 'approved'; gatewayReference: string } | { kind: 'declined'; reason: string } | { kind: 'unavailable'; reason: string };

/** `gatewayReference` of a refund is the gateway's refund id. */
export type RefundOutcome =
  { kind: 'refunded'; gatewayReference: string } | { kind: 'declined'; reason: string } | { kind: 'unavailable'; reason: string };

/**
 * What the gateway holds for a payment, looked up by the reference every charge of it carries:
 * `found` — a charge was booked (whatever our side heard), `none` — nothing was booked,
 * `unavailable` — the gateway could not say; nothing may be concluded from it.
 */
export type ChargeLookup = { kind: 'found'; gatewayReference: string } | { kind: 'none' } | { kind: 'unavailable'; reason: string };

export type GatewayCallOptions = {
  /**
   * Cancels the call on the caller's behalf (e.g. shutdown). An aborted call rejects with the
   * signal's reason instead of resolving: the caller asked to stop, it did not ask for an outcome.
   */
  signal?: AbortSignal;
  /** Total time, retries included, after which the call gives up with `unavailable`. */
  budgetMs?: number;
};

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface PaymentGateway {
  charge(request: ChargeRequest, options?: GatewayCallOptions): Promise<ChargeOutcome>;
  refund(request: RefundRequest, options?: GatewayCallOptions): Promise<RefundOutcome>;
  /**
   * Reconciliation: asks the gateway whether a charge of this payment was booked. Used when a
   * charge's outcome is uncertain (timeout, 5xx, broken connection) and before a payment is
   * failed, so a charge the gateway booked but never confirmed is recorded as approved.
   */
  findCharge(paymentId: string, options?: GatewayCallOptions): Promise<ChargeLookup>;
  /** Open: calls return `unavailable` at once without reaching the gateway. */
  circuitState(): CircuitState;
}

export const PAYMENT_GATEWAY: Token<PaymentGateway> = token('PaymentGateway');
