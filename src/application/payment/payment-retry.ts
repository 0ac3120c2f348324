import { isOneOf } from '../../domain/events.js';
import { PAYMENT_EVENT_TYPES } from '../../domain/payment/payment.js';
import type { RecordedEvent } from '../ports/event-store.js';

/**
 * The payment retry scheduler's knowledge, learned from the log only: every payment still open
 * (requested or deferred) and when it is next due. Nothing else is stored, so the timers survive
 * a restart — the worker replays the log from its low-water mark and knows them again.
 */
export type RetryPolicy = {
  /**
   * A payment still `requested` this long after the request was not charged by its finish
   * request (the process died in between, or the charge is still in flight). Longer than the
   * finish request's payment budget, so the two never charge at once.
   */
  graceMs: number;
  /** Charge attempts that ended `unavailable` (deferrals), the finish request's one included. */
  maxAttempts: number;
  /** Time after the request beyond which nobody should still be charged for the ride. */
  maxAgeMs: number;
  /**
   * Time after a void request before the gateway is asked whether it holds a charge: longer than
   * any charge attempt started before the request may still take to reach the gateway.
   */
  voidSettleMs: number;
};

/**
 * When no wait is configured: a second past the longest a charge attempt may take (the finish's
 * budget or the retry's), so no attempt started before the void request can still land after it.
 */
export const voidSettleMsFor = (budgets: { chargeBudgetMs: number; retryBudgetMs: number }) =>
  Math.max(budgets.chargeBudgetMs, budgets.retryBudgetMs) + 1_000;

export type OpenPayment = {
  paymentId: string;
  callId: string;
  /** Epoch ms of the request. */
  requestedAt: number;
  /** Global position of PaymentRequested: the log must be replayed from before it after a restart. */
  requestedPosition: number;
  /** Deferrals so far. */
  attempts: number;
  /** Epoch ms from which the payment should be charged again. */
  dueAt: number;
  /** The latest event of this payment: what a retry is caused by. */
  lastEventId: string;
  /** Its void was requested: it is never charged again, only reconciled with the gateway. */
  voiding: boolean;
};

export type RetryStep =
  | { kind: 'wait'; until: number }
  | { kind: 'charge' }
  | { kind: 'giveUp'; reason: 'RETRIES_EXHAUSTED' | 'RETRY_WINDOW_EXPIRED' }
  | { kind: 'reconcileVoid' };

/** What to do with an open payment now: nothing yet, one more charge, give up for good, or settle its void. */
export const nextStep = (payment: OpenPayment, now: number, policy: Omit<RetryPolicy, 'voidSettleMs'>): RetryStep => {
  if (now < payment.dueAt) return { kind: 'wait', until: payment.dueAt };
  if (payment.voiding) return { kind: 'reconcileVoid' };
  if (payment.attempts >= policy.maxAttempts) return { kind: 'giveUp', reason: 'RETRIES_EXHAUSTED' };
  if (now - payment.requestedAt >= policy.maxAgeMs) return { kind: 'giveUp', reason: 'RETRY_WINDOW_EXPIRED' };
  return { kind: 'charge' };
};

const isPaymentEvent = isOneOf(PAYMENT_EVENT_TYPES);

/**
 * Open payments by id, evolved event by event. Mutable on purpose: it holds every payment in
 * flight and is updated for each payment event in the log, where copying would cost O(n) each.
 */
export class PaymentDueList {
  private readonly open = new Map<string, OpenPayment>();

  constructor(private readonly policy: Pick<RetryPolicy, 'graceMs' | 'voidSettleMs'>) {}

  /** Applies one event of the log; returns the payment id it concerned, or null. */
  apply(recorded: RecordedEvent): string | null {
    if (!isPaymentEvent(recorded)) return null;
    const event = recorded;
    const { paymentId } = event.data;
    switch (event.type) {
      case 'PaymentRequested':
        if (!this.open.has(paymentId)) this.opened(paymentId, event.data.callId, event.data.requestedAt, recorded);
        return paymentId;
      case 'PaymentVoidRequested':
        // Kept open, never charged again: after the settle time the gateway is asked what it holds.
        this.update(paymentId, recorded, () => ({ voiding: true, dueAt: Date.parse(event.data.requestedAt) + this.policy.voidSettleMs }));
        return paymentId;
      case 'PaymentDeferred':
        this.update(paymentId, recorded, (payment) =>
          payment.voiding ? {} : { attempts: event.data.attempt, dueAt: Date.parse(event.data.retryAt) },
        );
        return paymentId;
      case 'PaymentRetried':
        // Paid again by the passenger: open once more, charged by the retry request itself and,
        // should that request die, by this worker after the grace period, from this position.
        this.opened(paymentId, event.data.callId, event.data.retriedAt, recorded);
        return paymentId;
      case 'PaymentApproved':
      case 'PaymentFailed':
      case 'PaymentRefunded':
      case 'PaymentVoided':
      case 'PaymentWaived':
        this.open.delete(paymentId);
        return paymentId;
      default: {
        const _exhaustive: never = event;
        return null;
      }
    }
  }

  private opened(paymentId: string, callId: string, at: string, recorded: RecordedEvent): void {
    const requestedAt = Date.parse(at);
    this.open.set(paymentId, {
      paymentId,
      callId,
      requestedAt,
      requestedPosition: recorded.position,
      attempts: 0,
      dueAt: requestedAt + this.policy.graceMs,
      lastEventId: recorded.eventId,
      voiding: false,
    });
  }

  /** Unknown here means requested before the replay started, hence settled already: nothing to update. */
  private update(paymentId: string, recorded: RecordedEvent, change: (payment: OpenPayment) => Partial<OpenPayment>): void {
    const payment = this.open.get(paymentId);
    if (payment) this.open.set(paymentId, { ...payment, ...change(payment), lastEventId: recorded.eventId });
  }

  get(paymentId: string): OpenPayment | undefined {
    return this.open.get(paymentId);
  }

  get size(): number {
    return this.open.size;
  }

  /** Open payments due at `now`, the longest overdue first. */
  due(now: number, skip: ReadonlySet<string> = new Set()): OpenPayment[] {
    return [...this.open.values()].filter((p) => p.dueAt <= now && !skip.has(p.paymentId)).sort((a, b) => a.dueAt - b.dueAt);
  }

  /** When the next payment falls due (it may be in the past), or undefined when none is open. */
  nextDueAt(skip: ReadonlySet<string> = new Set()): number | undefined {
    let next: number | undefined;
    for (const payment of this.open.values()) {
      if (skip.has(payment.paymentId)) continue;
      if (next === undefined || payment.dueAt < next) next = payment.dueAt;
    }
    return next;
  }

  /**
   * The checkpoint to store after handling up to `handled`: just before the oldest open
   * payment's request, so a restart replays what it needs to know that payment again, and no
   * more. It never moves backwards, since payments open in log order.
   */
  lowWaterMark(handled: number): number {
    let mark = handled;
    for (const payment of this.open.values()) mark = Math.min(mark, payment.requestedPosition - 1);
    return mark;
  }
}
