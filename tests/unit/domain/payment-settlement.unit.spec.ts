import { expect } from 'chai';
import {
  type PaymentEvent,
  type RequestVoid,
  type RetryPayment,
  type VoidPayment,
  type WaivePayment,
  paymentDecider,
  paymentStatusOf,
} from '../../../src/domain/payment/payment.js';
import { fold } from '../../../src/domain/shared/decider.js';
import { specification } from '../../support/given-when-then.js';

const { given } = specification(paymentDecider);

const paymentId = 'pay-call-1';
const callId = 'call-1';
const at = '2025-01-01T10:20:00.000Z';
const requested: PaymentEvent = {
  type: 'PaymentRequested',
  data: { paymentId, callId, passengerId: 'p-1', amount: { amount: 13_000, currency: 'KRW' }, requestedAt: at },
};
const deferred: PaymentEvent = {
  type: 'PaymentDeferred',
  data: { paymentId, callId, reason: 'GATEWAY_DOWN', attempt: 1, retryAt: at, deferredAt: at },
};
const declined: PaymentEvent = { type: 'PaymentFailed', data: { paymentId, callId, reason: 'CARD_DECLINED', failedAt: at } };
const givenUp: PaymentEvent = { type: 'PaymentFailed', data: { paymentId, callId, reason: 'RETRIES_EXHAUSTED', failedAt: at } };
const approved: PaymentEvent = { type: 'PaymentApproved', data: { paymentId, callId, gatewayReference: 'gw-1', approvedAt: at } };

const requestVoid: RequestVoid = { type: 'RequestVoid', data: { paymentId, callId, reason: 'CALL_CANCELLED', requestedAt: at } };
const voidRequested: PaymentEvent = { type: 'PaymentVoidRequested', data: requestVoid.data };
const voidIt: VoidPayment = { type: 'VoidPayment', data: { paymentId, callId, reason: 'CALL_CANCELLED', voidedAt: at } };
const voided: PaymentEvent = { type: 'PaymentVoided', data: voidIt.data };
const refunded: PaymentEvent = { type: 'PaymentRefunded', data: { paymentId, callId, gatewayReference: 'gw-1', refundedAt: at } };
const statusAfter = (history: PaymentEvent[]) => paymentStatusOf(fold(paymentDecider, history));
const waive: WaivePayment = { type: 'WaivePayment', data: { paymentId, callId, waivedBy: 'ops-1', reason: null, waivedAt: at } };
const waived: PaymentEvent = { type: 'PaymentWaived', data: waive.data };
const retry: RetryPayment = { type: 'RetryPayment', data: { paymentId, callId, retriedAt: at } };
const retried = (retry: number, idempotencyKey: string): PaymentEvent => ({
  type: 'PaymentRetried',
  data: { paymentId, callId, retriedAt: at, retry, idempotencyKey },
});

describe('Payment settlement', () => {
  describe('when the call of a pending payment is cancelled', () => {
    it('requests the void of a requested payment', () => given([requested]).when(requestVoid).then([voidRequested]));
    it('requests the void of a deferred payment', () => given([requested, deferred]).when(requestVoid).then([voidRequested]));
    it('changes nothing when requested twice', () => given([requested, voidRequested]).when(requestVoid).thenNothing());
    it('refuses to void an approved payment', () => given([requested, approved]).when(requestVoid).thenThrows('PAYMENT_ALREADY_SETTLED'));
    it('is still PENDING while the gateway has not confirmed it holds no charge', () =>
      expect(statusAfter([requested, voidRequested])).to.equal('PENDING'));
    it('ignores the deferral of a charge that timed out meanwhile', () =>
      given([requested, voidRequested])
        .when({ type: 'DeferPayment', data: { ...deferred.data } })
        .thenNothing());
    it('ignores a decline meanwhile (only the gateway’s books settle it)', () =>
      given([requested, voidRequested]).when({ type: 'FailPayment', data: declined.data }).thenNothing());
    it('cannot be paid again while voiding', () => given([requested, voidRequested]).when(retry).thenThrows('PAYMENT_NOT_RETRYABLE'));
  });

  describe('when the gateway confirms it holds no charge of a payment being voided', () => {
    it('voids it', () => given([requested, voidRequested]).when(voidIt).then([voided]));
    it('is VOIDED, not FAILED', () => expect(statusAfter([requested, voidRequested, voided])).to.equal('VOIDED'));
    it('changes nothing when confirmed twice', () => given([requested, voidRequested, voided]).when(voidIt).thenNothing());
    it('refuses to void an open payment whose void nobody requested', () => given([requested]).when(voidIt).thenThrows('PAYMENT_VOID_NOT_REQUESTED'));
    it('refuses to void a payment approved meanwhile', () =>
      given([requested, voidRequested, approved]).when(voidIt).thenThrows('PAYMENT_ALREADY_SETTLED'));
  });

  describe('when a charge lands on a payment being voided or voided', () => {
    it('records the charge found while voiding as approved, to be refunded', () =>
      given([requested, voidRequested]).when({ type: 'ApprovePayment', data: approved.data }).then([approved]));
    it('records a charge found after the void as approved, to be refunded', () =>
      given([requested, voidRequested, voided]).when({ type: 'ApprovePayment', data: approved.data }).then([approved]));
    it('is refundable then', () =>
      given([requested, voidRequested, voided, approved]).when({ type: 'RefundPayment', data: refunded.data }).then([refunded]));
    it('ends REFUNDED: the passenger was charged and paid back', () =>
      expect(statusAfter([requested, voidRequested, approved, refunded])).to.equal('REFUNDED'));
  });

  describe('when the passenger pays a failed payment again', () => {
    it('uses a key of its own after a decline (the gateway remembers the refusal of the first)', () => {
      given([requested, declined])
        .when(retry)
        .then([retried(1, `${paymentId}:retry-1`)]);
    });

    it('reuses the last key after giving up on an unavailable gateway (it may have charged under it)', () => {
      given([requested, deferred, givenUp])
        .when(retry)
        .then([retried(1, paymentId)]);
    });

    it('numbers a second retry after a second decline', () => {
      given([requested, declined, retried(1, `${paymentId}:retry-1`), declined])
        .when(retry)
        .then([retried(2, `${paymentId}:retry-2`)]);
    });

    it('is PENDING again once retried', () =>
      expect(paymentStatusOf(fold(paymentDecider, [requested, declined, retried(1, 'k')]))).to.equal('PENDING'));

    for (const [name, history] of [
      ['pending', [requested]],
      ['approved', [requested, approved]],
      ['waived', [requested, declined, waived]],
      ['retried already', [requested, declined, retried(1, 'k')]],
    ] as const) {
      it(`refuses a payment that is ${name} with PAYMENT_NOT_RETRYABLE`, () =>
        given([...history])
          .when(retry)
          .thenThrows('PAYMENT_NOT_RETRYABLE'));
    }
    it('refuses an unknown payment with PAYMENT_NOT_FOUND', () => given([]).when(retry).thenThrows('PAYMENT_NOT_FOUND'));
  });

  describe('when an operator waives a payment', () => {
    it('waives a failed one', () => given([requested, declined]).when(waive).then([waived]));
    it('is WAIVED', () => expect(paymentStatusOf(fold(paymentDecider, [requested, declined, waived]))).to.equal('WAIVED'));
    it('refuses a second waiver', () => given([requested, declined, waived]).when(waive).thenThrows('PAYMENT_NOT_WAIVABLE'));
    it('refuses an approved payment', () => given([requested, approved]).when(waive).thenThrows('PAYMENT_NOT_WAIVABLE'));
    it('refuses a pending payment', () => given([requested]).when(waive).thenThrows('PAYMENT_NOT_WAIVABLE'));
  });
});
