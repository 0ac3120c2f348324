import { expect } from 'chai';
import { PaymentDueList, type RetryPolicy, nextStep } from '../../../src/application/payment/payment-retry.js';
import type { PaymentEvent } from '../../../src/domain/payment/payment.js';
import { recordAll } from '../../support/recorded.js';

const policy: RetryPolicy = { graceMs: 10_000, maxAttempts: 3, maxAgeMs: 60 * 60 * 1000, voidSettleMs: 6_000 };
const t0 = Date.parse('2026-11-25T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const paymentId = 'pay-c-1';
const callId = 'c-1';

const requested: PaymentEvent = {
  type: 'PaymentRequested',
  data: { paymentId, callId, passengerId: 'p-1', amount: { amount: 13000, currency: 'KRW' }, requestedAt: iso(t0) },
};
const deferred = (attempt: number, retryAt: number): PaymentEvent => ({
  type: 'PaymentDeferred',
  data: { paymentId, callId, reason: 'HTTP 503', attempt, retryAt: iso(retryAt), deferredAt: iso(t0) },
});
const approved: PaymentEvent = { type: 'PaymentApproved', data: { paymentId, callId, gatewayReference: 'ch_1', approvedAt: iso(t0) } };
const voidRequested = (requestedAt: number): PaymentEvent => ({
  type: 'PaymentVoidRequested',
  data: { paymentId, callId, reason: 'CALL_CANCELLED', requestedAt: iso(requestedAt) },
});
const voided: PaymentEvent = { type: 'PaymentVoided', data: { paymentId, callId, reason: 'CALL_CANCELLED', voidedAt: iso(t0) } };
const failed: PaymentEvent = { type: 'PaymentFailed', data: { paymentId, callId, reason: 'CARD_DECLINED', failedAt: iso(t0) } };

/** Given the payment's history in the log, at a moment, the scheduler's next step for it. */
const given = (history: PaymentEvent[], startAt = 1) => {
  const dueList = new PaymentDueList(policy);
  const recorded = recordAll(history, startAt);
  for (const event of recorded) dueList.apply(event);
  return {
    dueList,
    at: (now: number) => {
      const payment = dueList.get(paymentId);
      return {
        then: (expected: ReturnType<typeof nextStep> | 'not open') =>
          expect(payment ? nextStep(payment, now, policy) : 'not open').to.deep.equal(expected),
      };
    },
  };
};

describe('Payment retry scheduler', () => {
  describe('when a payment was requested and nothing else happened', () => {
    it('leaves it to the finish request during the grace period', () => {
      given([requested])
        .at(t0 + 9_999)
        .then({ kind: 'wait', until: t0 + 10_000 });
    });

    it('charges it once the grace period is over (the finish request died before charging)', () => {
      given([requested])
        .at(t0 + 10_000)
        .then({ kind: 'charge' });
    });
  });

  describe('when a payment was deferred', () => {
    it('waits until its retryAt', () => {
      given([requested, deferred(1, t0 + 2_000)])
        .at(t0 + 1_999)
        .then({ kind: 'wait', until: t0 + 2_000 });
    });

    it('charges it again from its retryAt on', () => {
      given([requested, deferred(1, t0 + 2_000)])
        .at(t0 + 2_000)
        .then({ kind: 'charge' });
    });

    it('gives up with RETRIES_EXHAUSTED when the limit of attempts is reached', () => {
      given([requested, deferred(1, t0 + 2_000), deferred(2, t0 + 4_000), deferred(3, t0 + 8_000)])
        .at(t0 + 8_000)
        .then({ kind: 'giveUp', reason: 'RETRIES_EXHAUSTED' });
    });

    it('gives up with RETRY_WINDOW_EXPIRED once the ride is too long ago', () => {
      given([requested, deferred(1, t0 + policy.maxAgeMs)])
        .at(t0 + policy.maxAgeMs)
        .then({ kind: 'giveUp', reason: 'RETRY_WINDOW_EXPIRED' });
    });
  });

  describe('when the void of a payment was requested (its call was cancelled)', () => {
    it('does not ask the gateway before a charge sent earlier has had time to reach it', () => {
      given([requested, voidRequested(t0 + 500)])
        .at(t0 + 500 + policy.voidSettleMs - 1)
        .then({ kind: 'wait', until: t0 + 500 + policy.voidSettleMs });
    });

    it('then reconciles it with the gateway, never charges it', () => {
      given([requested, deferred(1, t0 + 2_000), voidRequested(t0 + 3_000)])
        .at(t0 + 3_000 + policy.voidSettleMs)
        .then({ kind: 'reconcileVoid' });
    });

    it('keeps reconciling rather than giving up once the attempts are exhausted', () => {
      given([requested, deferred(1, t0), deferred(2, t0), deferred(3, t0), voidRequested(t0)])
        .at(t0 + policy.maxAgeMs)
        .then({ kind: 'reconcileVoid' });
    });

    it('ignores the deferral of a charge that timed out after the request', () => {
      given([requested, voidRequested(t0), deferred(1, t0 + 2_000)])
        .at(t0 + policy.voidSettleMs)
        .then({ kind: 'reconcileVoid' });
    });

    it('forgets it once the void is confirmed', () => {
      given([requested, voidRequested(t0), voided])
        .at(t0 + policy.voidSettleMs)
        .then('not open');
    });

    it('forgets it once a charge found is approved (compensation refunds it)', () => {
      given([requested, voidRequested(t0), approved])
        .at(t0 + policy.voidSettleMs)
        .then('not open');
    });
  });

  describe('when a payment is settled', () => {
    it('forgets an approved payment', () => {
      given([requested, deferred(1, t0 + 2_000), approved])
        .at(t0 + 2_000)
        .then('not open');
    });

    it('forgets a failed payment', () => {
      given([requested, failed])
        .at(t0 + 60_000)
        .then('not open');
    });
  });

  describe('when it replays the log after a restart', () => {
    it('ignores deferrals of payments requested before the replay started (settled before the checkpoint)', () => {
      given([deferred(1, t0 + 2_000)])
        .at(t0 + 2_000)
        .then('not open');
    });

    it('gets the same due time as before the restart', () => {
      const before = given([requested, deferred(1, t0 + 2_000), deferred(2, t0 + 6_000)]).dueList;
      const after = given([requested, deferred(1, t0 + 2_000), deferred(2, t0 + 6_000)]).dueList;
      expect(after.nextDueAt())
        .to.equal(before.nextDueAt())
        .and.to.equal(t0 + 6_000);
    });
  });

  describe('its checkpoint', () => {
    it('stays just before the request of the oldest open payment', () => {
      const { dueList } = given([requested, deferred(1, t0 + 2_000)], 41);
      expect(dueList.lowWaterMark(42)).to.equal(40);
    });

    it('follows the log once nothing is open', () => {
      const { dueList } = given([requested, approved], 41);
      expect(dueList.lowWaterMark(42)).to.equal(42);
    });
  });

  describe('its due list', () => {
    it('lists due payments longest overdue first, skipping those in flight', () => {
      const dueList = new PaymentDueList(policy);
      const other = (id: string, at: number): PaymentEvent => ({
        ...requested,
        data: { ...requested.data, paymentId: id, callId: id, requestedAt: iso(at) },
      });
      for (const event of recordAll([other('b', t0 + 1_000), other('a', t0), other('c', t0 + 50_000)])) dueList.apply(event);
      const now = t0 + 20_000;
      expect(dueList.due(now).map((p) => p.paymentId)).to.deep.equal(['a', 'b']);
      expect(dueList.due(now, new Set(['a'])).map((p) => p.paymentId)).to.deep.equal(['b']);
      expect(dueList.nextDueAt(new Set(['a', 'b']))).to.equal(t0 + 60_000);
    });
  });
});
