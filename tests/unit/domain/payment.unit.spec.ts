import { expect } from 'chai';
import {
  type ApprovePayment,
  type DeferPayment,
  type FailPayment,
  type PaymentEvent,
  type RefundPayment,
  type RequestPayment,
  paymentDecider,
  paymentStatusOf,
} from '../../../src/domain/payment/payment.js';
import { fold } from '../../../src/domain/shared/decider.js';
import { specification } from '../../support/given-when-then.js';

const { given } = specification(paymentDecider);

const paymentId = 'pay-call-1';
const callId = 'call-1';
const at = '2025-01-01T10:20:00.000Z';

const request: RequestPayment = {
  type: 'RequestPayment',
  data: { paymentId, callId, passengerId: 'p-1', amount: { amount: 13_000, currency: 'KRW' }, requestedAt: at },
};
const requested: PaymentEvent = { type: 'PaymentRequested', data: request.data };
const approve: ApprovePayment = { type: 'ApprovePayment', data: { paymentId, callId, gatewayReference: 'gw-1', approvedAt: at } };
const approved: PaymentEvent = { type: 'PaymentApproved', data: approve.data };
const defer: DeferPayment = { type: 'DeferPayment', data: { paymentId, callId, reason: 'GATEWAY_OVERLOADED', retryAt: at, deferredAt: at } };
const deferred = (attempt: number): PaymentEvent => ({ type: 'PaymentDeferred', data: { ...defer.data, attempt } });
const fail: FailPayment = { type: 'FailPayment', data: { paymentId, callId, reason: 'CARD_DECLINED', failedAt: at } };
const failed: PaymentEvent = { type: 'PaymentFailed', data: fail.data };
const refund: RefundPayment = { type: 'RefundPayment', data: { paymentId, callId, gatewayReference: 'gw-refund-1', refundedAt: at } };
const refunded: PaymentEvent = { type: 'PaymentRefunded', data: refund.data };

describe('Payment', () => {
  describe('when nothing was requested yet', () => {
    it('requests the payment of the fare', () => {
      given([]).when(request).then([requested]);
    });

    it('refuses an approval with PAYMENT_NOT_FOUND', () => {
      given([]).when(approve).thenThrows('PAYMENT_NOT_FOUND');
    });
  });

  describe('when the payment was requested', () => {
    it('changes nothing when requested again (a retried finish never charges twice)', () => {
      given([requested]).when(request).thenNothing();
    });

    it('approves it', () => {
      given([requested]).when(approve).then([approved]);
    });

    it('defers it as the first attempt', () => {
      given([requested])
        .when(defer)
        .then([deferred(1)]);
    });

    it('fails it', () => {
      given([requested]).when(fail).then([failed]);
    });

    it('refuses a refund with PAYMENT_NOT_REFUNDABLE', () => {
      given([requested]).when(refund).thenThrows('PAYMENT_NOT_REFUNDABLE');
    });
  });

  describe('when the payment was deferred', () => {
    it('counts the next attempt', () => {
      given([requested, deferred(1)])
        .when(defer)
        .then([deferred(2)]);
    });

    it('approves it on a later attempt', () => {
      given([requested, deferred(1), deferred(2)])
        .when(approve)
        .then([approved]);
    });

    it('fails it when given up', () => {
      given([requested, deferred(1)])
        .when(fail)
        .then([failed]);
    });

    it('refuses a refund with PAYMENT_NOT_REFUNDABLE', () => {
      given([requested, deferred(1)])
        .when(refund)
        .thenThrows('PAYMENT_NOT_REFUNDABLE');
    });
  });

  describe('when the payment was approved', () => {
    it('changes nothing when approved again', () => {
      given([requested, approved]).when(approve).thenNothing();
    });

    it('changes nothing when a late deferral arrives', () => {
      given([requested, approved]).when(defer).thenNothing();
    });

    it('refuses a failure with PAYMENT_ALREADY_SETTLED', () => {
      given([requested, approved]).when(fail).thenThrows('PAYMENT_ALREADY_SETTLED');
    });

    it('refunds it', () => {
      given([requested, approved]).when(refund).then([refunded]);
    });
  });

  describe('when the payment failed', () => {
    it('records an approval that lands late, since the gateway took the money', () => {
      given([requested, failed]).when(approve).then([approved]);
    });

    it('refuses a refund with PAYMENT_NOT_REFUNDABLE', () => {
      given([requested, failed]).when(refund).thenThrows('PAYMENT_NOT_REFUNDABLE');
    });

    it('changes nothing when failed again', () => {
      given([requested, failed]).when(fail).thenNothing();
    });
  });

  describe('when the payment was refunded', () => {
    it('changes nothing when refunded again', () => {
      given([requested, approved, refunded]).when(refund).thenNothing();
    });
  });

  describe('paymentStatusOf', () => {
    const cases: Array<[string, PaymentEvent[], string | null]> = [
      ['has no status before a request', [], null],
      ['is PENDING once requested', [requested], 'PENDING'],
      ['is PENDING while deferred', [requested, deferred(1)], 'PENDING'],
      ['is APPROVED once approved', [requested, approved], 'APPROVED'],
      ['is APPROVED once approved after deferrals', [requested, deferred(1), approved], 'APPROVED'],
      ['is FAILED once failed', [requested, deferred(1), failed], 'FAILED'],
      ['is REFUNDED once refunded', [requested, approved, refunded], 'REFUNDED'],
    ];
    for (const [name, history, status] of cases) {
      it(name, () => {
        expect(paymentStatusOf(fold(paymentDecider, history))).to.equal(status);
      });
    }
  });

  describe('evolve', () => {
    it('ignores an unknown event type without throwing', () => {
      const state = fold(paymentDecider, [requested, deferred(1)]);
      expect(paymentDecider.evolve(state, { type: 'PaymentTeleported', data: { paymentId } } as never)).to.deep.equal(state);
    });
  });
});
