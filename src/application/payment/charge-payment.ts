import { paymentDecider, paymentStatusOf, paymentStream, type PaymentStatus } from '../../domain/payment/payment.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { send } from '../aggregates.js';
import type { CommandContext, CommandHandler } from '../command-handler.js';
import type { Clock } from '../ports/clock.js';
import type { ChargeOutcome, PaymentGateway } from '../ports/payment-gateway.js';
import type { SettlePayment } from '../driving/finish-ride.js';
import { noteRidePayment } from '../passenger/note-ride-payment.js';

export type ChargePaymentDependencies = {
  commands: CommandHandler;
  clock: Clock;
  gateway: PaymentGateway;
  /** When the next attempt of a deferred payment is due, by attempt number (1 = first deferral). */
  retryDelayMs: (attempt: number) => number;
  /** Told of every recorded outcome (metrics). */
  onOutcome?: (status: 'approved' | 'failed' | 'deferred') => void;
};

/**
 * One attempt to charge a payment that is still open, recorded as its outcome: approved, failed
 * (a definitive decline) or deferred ("pay later", retried from `retryAt`). The payment id is
 * the idempotency key of every attempt, so a retry after a lost answer never charges twice.
 */
export const chargePayment = async (
  deps: ChargePaymentDependencies,
  paymentId: string,
  context: CommandContext,
  budgetMs: number,
): Promise<PaymentStatus> => {
  const { state } = await deps.commands.load(paymentDecider, paymentStream(paymentId));
  if (state.status === 'none') throw new DomainError('PAYMENT_NOT_FOUND', `Payment ${paymentId} does not exist`, { paymentId });
  if (state.status !== 'requested' && state.status !== 'deferred') return paymentStatusOf(state)!;

  const { callId, passengerId, amount } = state.charge;
  const lookupMs = lookupReserveMs(budgetMs);
  // The key of this attempt: the payment id, or the key of the passenger's paying again (PaymentRetried).
  const charged = await deps.gateway.charge(
    { paymentId, idempotencyKey: state.idempotencyKey, amount, passengerId, callId },
    { budgetMs: budgetMs - lookupMs },
  );
  const outcome = charged.kind === 'unavailable' && lookupMs > 0 ? await reconciled(deps.gateway, paymentId, charged, lookupMs) : charged;
  const now = deps.clock.now();
  const at = now.toISOString();
  const outcomeContext = { ...context, timestamp: at };
  switch (outcome.kind) {
    case 'approved':
      await send(
        deps.commands,
        {
          aggregate: 'payment',
          id: paymentId,
          command: { type: 'ApprovePayment', data: { paymentId, callId, gatewayReference: outcome.gatewayReference, approvedAt: at } },
        },
        outcomeContext,
      );
      deps.onOutcome?.('approved');
      return 'APPROVED';
    case 'declined':
      await send(
        deps.commands,
        { aggregate: 'payment', id: paymentId, command: { type: 'FailPayment', data: { paymentId, callId, reason: outcome.reason, failedAt: at } } },
        outcomeContext,
      );
      deps.onOutcome?.('failed');
      return 'FAILED';
    case 'unavailable': {
      const retryAt = new Date(now.getTime() + deps.retryDelayMs(state.attempts + 1)).toISOString();
      await send(
        deps.commands,
        {
          aggregate: 'payment',
          id: paymentId,
          command: { type: 'DeferPayment', data: { paymentId, callId, reason: outcome.reason, retryAt, deferredAt: at } },
        },
        outcomeContext,
      );
      deps.onOutcome?.('deferred');
      return 'PENDING';
    }
    default: {
      const exhaustive: never = outcome;
      throw new Error(`Unknown charge outcome ${JSON.stringify(exhaustive)}`);
    }
  }
};

/** A look-up shorter than this is not worth starting; the retry worker reconciles later. */
const MIN_LOOKUP_MS = 200;
/** The gateway's search by reference is a read, much faster than an authorisation: a sixth of the budget will do. */
const LOOKUP_SHARE = 1 / 6;

/**
 * The part of a charge's budget kept for asking the gateway afterwards: spent by a timed-out charge,
 * the budget would leave nothing to learn that the charge was booked all the same.
 */
const lookupReserveMs = (budgetMs: number): number => {
  const reserve = Math.max(MIN_LOOKUP_MS, Math.round(budgetMs * LOOKUP_SHARE));
  return budgetMs - reserve >= MIN_LOOKUP_MS ? reserve : 0;
};

/**
 * An unavailable charge may have been booked all the same (the gateway answered late, with a 5xx,
 * or the connection broke): the gateway is asked by the payment's reference, within the budget
 * kept for it. A booked charge is an approval; otherwise the payment is deferred as before.
 */
const reconciled = async (gateway: PaymentGateway, paymentId: string, unavailable: ChargeOutcome, budgetMs: number): Promise<ChargeOutcome> => {
  const lookup = await gateway.findCharge(paymentId, { budgetMs });
  return lookup.kind === 'found' ? { kind: 'approved', gatewayReference: lookup.gatewayReference } : unavailable;
};

/** Exponential backoff with a cap: 2 s, 4 s, 8 s … up to 5 minutes between attempts. */
export const exponentialRetryDelay =
  (baseMs = 2_000, capMs = 300_000) =>
  (attempt: number) =>
    Math.min(capMs, baseMs * 2 ** (attempt - 1));

/**
 * The settlement a finish, paying again and an operator's "charge now" wait on: one attempt within
 * `budgetMs`. A decline is noted on the passenger's stream before the answer, so their next request
 * is refused at once. Any other outcome settles nothing here: paying again notes its own outcome,
 * and the unpaid-rides process notes every payment event anyway.
 */
export const settleWithin =
  (deps: ChargePaymentDependencies, budgetMs: number): SettlePayment =>
  async (paymentId, context) => {
    const status = await chargePayment(deps, paymentId, context, budgetMs);
    if (status === 'FAILED') await noteRidePayment(deps.commands, paymentId, context);
    return status;
  };
