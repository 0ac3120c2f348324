import { expect } from 'chai';
import type { RecordedEvent } from '../../../src/application/ports/event-store.js';
import type { LogEvent } from '../../../src/domain/events.js';
import { paymentsProjection } from '../../../src/projections/payments/payments.projection.js';
import { projectionSpec } from '../../support/projection-spec.js';
import { aWholeRide, recordAll } from '../../support/recorded.js';

/** The documents the events make, applied as the runner applies them. */
const fold = (events: RecordedEvent[]) => projectionSpec(paymentsProjection).given(events).documents;

const requested: LogEvent = {
  type: 'PaymentRequested',
  data: { paymentId: 'pay-1', callId: 'c-1', passengerId: 'p-1', amount: { amount: 3000, currency: 'KRW' }, requestedAt: 't0' },
};
const deferred = (attempt: number): LogEvent => ({
  type: 'PaymentDeferred',
  data: { paymentId: 'pay-1', callId: 'c-1', reason: 'GATEWAY_DOWN', attempt, retryAt: `r${attempt}`, deferredAt: 't' },
});
const approved: LogEvent = { type: 'PaymentApproved', data: { paymentId: 'pay-1', callId: 'c-1', gatewayReference: 'g', approvedAt: 't' } };

describe('Payments projection', () => {
  it('follows a payment deferred twice, then approved', () => {
    expect(fold(recordAll([requested, deferred(1), deferred(2)])).get('pay-1')).to.deep.include({
      status: 'PENDING',
      attempts: 2,
      lastReason: 'GATEWAY_DOWN',
      retryAt: 'r2',
    });
    expect(fold(recordAll([requested, deferred(1), approved])).get('pay-1')).to.deep.include({ status: 'APPROVED', retryAt: null });
  });

  it('yields the same document when every event is applied twice', () => {
    const events = recordAll([requested, deferred(1), deferred(2), approved]);
    expect(fold(events.flatMap((event) => [event, event])).get('pay-1')).to.deep.equal(fold(events).get('pay-1'));
    const ride = recordAll(aWholeRide());
    expect(fold([...ride, ...ride]).get('pay-call-1')!.status).to.equal(fold(ride).get('pay-call-1')!.status);
  });
});
