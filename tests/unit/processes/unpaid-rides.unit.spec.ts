import { expect } from 'chai';
import { unpaidRideTrigger } from '../../../src/application/passenger/unpaid-rides-worker.js';
import type { LogEvent } from '../../../src/domain/events.js';
import { recordAll } from '../../support/recorded.js';

const at = '2026-11-25T09:18:00.000Z';
const paymentId = 'pay-c-1';
const callId = 'c-1';
const cancelled = (cancelledBy: 'passenger' | 'operator'): LogEvent => ({
  type: 'CallCancelled',
  data: { callId, reason: null, cancelledBy, cancelledAt: at },
});

describe('The unpaid-rides process', () => {
  describe('reacts to what may make a ride owed or settle it', () => {
    const reacting: LogEvent[] = [
      { type: 'PaymentFailed', data: { paymentId, callId, reason: 'CARD_DECLINED', failedAt: at } },
      { type: 'PaymentRetried', data: { paymentId, callId, retry: 1, idempotencyKey: `${paymentId}:retry-1`, retriedAt: at } },
      { type: 'PaymentApproved', data: { paymentId, callId, gatewayReference: 'g-1', approvedAt: at } },
      { type: 'PaymentWaived', data: { paymentId, callId, waivedBy: 'ops', reason: null, waivedAt: at } },
      { type: 'PaymentRefunded', data: { paymentId, callId, gatewayReference: 'g-1', refundedAt: at } },
      { type: 'PaymentVoided', data: { paymentId, callId, reason: 'CALL_CANCELLED', voidedAt: at } },
      cancelled('operator'),
    ];
    for (const event of recordAll(reacting)) it(`names the call of ${event.type}`, () => expect(unpaidRideTrigger(event)).to.equal(callId));
  });

  describe('ignores what cannot change what a passenger owes', () => {
    const ignored: LogEvent[] = [
      // A passenger cannot cancel a finished ride: their cancels never settle a payment.
      cancelled('passenger'),
      { type: 'PaymentRequested', data: { paymentId, callId, passengerId: 'p-1', amount: { amount: 4800, currency: 'KRW' }, requestedAt: at } },
      { type: 'PaymentDeferred', data: { paymentId, callId, reason: 'GATEWAY_TIMEOUT', attempt: 1, retryAt: at, deferredAt: at } },
    ];
    for (const event of recordAll(ignored)) it(`ignores ${event.type}`, () => expect(unpaidRideTrigger(event)).to.equal(null));
  });
});
