import type { CallState } from '../../domain/call/call.js';
import type { Money } from '../../domain/driving/fare.js';
import type { PaymentState } from '../../domain/payment/payment.js';
import { isOneOf, type LogEvent } from '../../domain/events.js';

/**
 * A cancelled call must never end up charged, whatever the races. An operator may
 * cancel a ride after it was paid (refund it), while its payment is still being retried (stop
 * retrying), or in the gap between the finish request's status check and its payment request
 * (the payment appears after the cancel). So the rule is a rule about end states, checked
 * whenever either side changes: cancelled call + approved payment → refund; cancelled call +
 * open payment → request its void (the retry worker confirms it once the gateway holds no charge,
 * or approves the charge it finds); an approval that still lands later (a charge that was in
 * flight) is recorded and then refunded by the same rule.
 */
export type Compensation =
  | { kind: 'none' }
  | { kind: 'void'; paymentId: string; callId: string }
  | { kind: 'refund'; paymentId: string; callId: string; gatewayReference: string; amount: Money };

export const compensationFor = (call: CallState, payment: PaymentState): Compensation => {
  if (call.status !== 'cancelled') return { kind: 'none' };
  switch (payment.status) {
    case 'requested':
    case 'deferred':
      return { kind: 'void', paymentId: payment.charge.paymentId, callId: payment.charge.callId };
    case 'approved':
      return {
        kind: 'refund',
        paymentId: payment.charge.paymentId,
        callId: payment.charge.callId,
        gatewayReference: payment.gatewayReference,
        amount: payment.charge.amount,
      };
    case 'none':
    case 'failed':
    case 'refunded':
    case 'voiding':
    case 'voided':
    case 'waived':
      return { kind: 'none' };
    default: {
      const _exhaustive: never = payment;
      return { kind: 'none' };
    }
  }
};

const triggers = isOneOf(['CallCancelled', 'PaymentRequested', 'PaymentDeferred', 'PaymentApproved']);

/** The call whose end state must be checked after this event, or null when the event cannot break the rule. */
export const compensationTrigger = (event: LogEvent): string | null => (triggers(event) ? event.data.callId : null);

/** Refunds get their own idempotency key, derived so that a repeated refund is the same refund. */
export const refundKeyFor = (paymentId: string) => `refund-${paymentId}`;
