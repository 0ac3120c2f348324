import { expect } from 'chai';
import { type Compensation, compensationFor, compensationTrigger } from '../../../src/application/payment/payment-compensation.js';
import { type CallEvent, callDecider } from '../../../src/domain/call/call.js';
import { type PaymentEvent, paymentDecider } from '../../../src/domain/payment/payment.js';
import { fold } from '../../../src/domain/shared/decider.js';
import { aWholeRide, gangnam, recordAll, seoulStation } from '../../support/recorded.js';

const callId = 'c-1';
const paymentId = 'pay-c-1';
const amount = { amount: 13000, currency: 'KRW' };
const requestedCall: CallEvent = {
  type: 'CallRequested',
  data: { callId, passengerId: 'p-1', pickup: seoulStation, destination: gangnam, rideType: 'STANDARD', requestedAt: 't' },
};
const completed: CallEvent = { type: 'CallCompleted', data: { callId, completedAt: 't' } };
const cancelledByOperator: CallEvent = { type: 'CallCancelled', data: { callId, reason: 'complaint', cancelledBy: 'operator', cancelledAt: 't' } };
const requested: PaymentEvent = { type: 'PaymentRequested', data: { paymentId, callId, passengerId: 'p-1', amount, requestedAt: 't' } };
const deferred: PaymentEvent = {
  type: 'PaymentDeferred',
  data: { paymentId, callId, reason: 'HTTP 503', attempt: 1, retryAt: 't', deferredAt: 't' },
};
const approved: PaymentEvent = { type: 'PaymentApproved', data: { paymentId, callId, gatewayReference: 'ch_1', approvedAt: 't' } };
const failed: PaymentEvent = { type: 'PaymentFailed', data: { paymentId, callId, reason: 'CALL_CANCELLED', failedAt: 't' } };
const refunded: PaymentEvent = { type: 'PaymentRefunded', data: { paymentId, callId, gatewayReference: 're_1', refundedAt: 't' } };

/** Given the call's and the payment's histories, the compensation the rule demands. */
const given = (call: CallEvent[], payment: PaymentEvent[]) => ({
  then: (expected: Compensation) => expect(compensationFor(fold(callDecider, call), fold(paymentDecider, payment))).to.deep.equal(expected),
});

describe('Payment compensation', () => {
  describe('when the call was cancelled', () => {
    it('refunds an approved payment with the charge it approved', () => {
      given([requestedCall, completed, cancelledByOperator], [requested, approved]).then({
        kind: 'refund',
        paymentId,
        callId,
        gatewayReference: 'ch_1',
        amount,
      });
    });

    it('stops charging a payment still being retried', () => {
      given([requestedCall, completed, cancelledByOperator], [requested, deferred]).then({ kind: 'void', paymentId, callId });
    });

    it('voids a payment requested after the cancel (the finish raced with it)', () => {
      given([requestedCall, cancelledByOperator], [requested]).then({ kind: 'void', paymentId, callId });
    });

    it('refunds an approval that landed after the payment was voided', () => {
      given([requestedCall, cancelledByOperator], [requested, failed, approved]).then({
        kind: 'refund',
        paymentId,
        callId,
        gatewayReference: 'ch_1',
        amount,
      });
    });

    it('does nothing more once refunded, failed, or when there is no payment', () => {
      given([requestedCall, cancelledByOperator], [requested, approved, refunded]).then({ kind: 'none' });
      given([requestedCall, cancelledByOperator], [requested, failed]).then({ kind: 'none' });
      given([requestedCall, cancelledByOperator], []).then({ kind: 'none' });
    });
  });

  describe('when the call was not cancelled', () => {
    it('leaves an approved or pending payment alone', () => {
      given([requestedCall, completed], [requested, approved]).then({ kind: 'none' });
      given([requestedCall, completed], [requested, deferred]).then({ kind: 'none' });
    });
  });

  describe('what it looks at', () => {
    it('re-checks a call after its cancel and after each payment event that could leave it charged', () => {
      const triggers = recordAll([...aWholeRide(callId), cancelledByOperator, deferred, refunded]).map(compensationTrigger);
      const types = recordAll([...aWholeRide(callId), cancelledByOperator, deferred, refunded]).map((e) => e.type);
      expect(types.filter((_, i) => triggers[i] === callId)).to.deep.equal([
        'PaymentRequested',
        'PaymentApproved',
        'CallCancelled',
        'PaymentDeferred',
      ]);
    });
  });
});
