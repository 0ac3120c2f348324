import { expect } from 'chai';
import type { LogEvent } from '../../../src/domain/events.js';
import { dashboardProjection } from '../../../src/projections/dashboard/dashboard.projection.js';
import { aWholeRide, looseEvent, recordAll } from '../../support/recorded.js';
import { projectionSpec } from '../../support/projection-spec.js';
import { replay } from '../../support/replay.js';

describe('Dashboard projection', () => {
  describe('when a payment is deferred, fails, is paid again and voided', () => {
    const paymentId = 'pay-call-1';
    const ride = aWholeRide().slice(0, -1);
    const statusesAfter = (...events: LogEvent[]) =>
      events.map(
        (_, count) =>
          projectionSpec(dashboardProjection)
            .given([...ride, ...events.slice(0, count + 1)])
            .documents.get('call-1')!.payment,
      );
    it('shows the status each payment event leaves, and ignores a void that is only requested', () => {
      const at = '2026-11-25T09:18:00.000Z';
      const statuses = statusesAfter(
        { type: 'PaymentDeferred', data: { paymentId, callId: 'call-1', reason: 'timeout', attempt: 1, retryAt: at, deferredAt: at } },
        { type: 'PaymentFailed', data: { paymentId, callId: 'call-1', reason: 'declined', failedAt: at } },
        { type: 'PaymentVoidRequested', data: { paymentId, callId: 'call-1', reason: 'cancelled', requestedAt: at } },
        { type: 'PaymentRetried', data: { paymentId, callId: 'call-1', retry: 1, idempotencyKey: 'k-1', retriedAt: at } },
        { type: 'PaymentVoided', data: { paymentId, callId: 'call-1', reason: 'cancelled', voidedAt: at } },
      );
      expect(statuses.map((payment) => payment?.status)).to.deep.equal(['PENDING', 'FAILED', 'FAILED', 'PENDING', 'VOIDED']);
    });
  });

  it('shows every field of a finished, paid ride', () => {
    const entry = replay(dashboardProjection, recordAll(aWholeRide())).get('call-1')!;
    expect(entry).to.deep.include({
      callId: 'call-1',
      passengerId: 'p-1',
      status: 'FINISHED',
      driverId: 'd-1',
      vehicleNo: '12가3456',
      driver: { driverId: 'd-1', name: 'Kim', vehicleNo: '12가3456' },
      requestedAt: '2026-11-25T09:00:00.000Z',
      acceptedAt: '2026-11-25T09:01:00.000Z',
      startedAt: '2026-11-25T09:05:00.000Z',
      finishedAt: '2026-11-25T09:17:30.000Z',
      fare: { amount: 13000, currency: 'KRW' },
      paymentId: 'pay-call-1',
      paymentStatus: 'APPROVED',
      payment: { paymentId: 'pay-call-1', status: 'APPROVED' },
    });
    expect(entry.pickup.address).to.equal('Seoul Station');
    expect(entry.destination.address).to.equal('Gangnam Station');
  });

  it('follows the status through the ride', () => {
    const events = recordAll(aWholeRide());
    const statusAfter = (count: number) => replay(dashboardProjection, events.slice(0, count)).get('call-1')!.status;
    expect([1, 3, 6, 7].map(statusAfter)).to.deep.equal(['REQUESTED', 'DISPATCHED', 'DRIVING', 'FINISHED']);
  });

  it('yields the same document when the same events are replayed twice', () => {
    const events = recordAll(aWholeRide());
    const once = replay(dashboardProjection, events);
    const twice = replay(dashboardProjection, events, new Map(once));
    expect(twice.get('call-1')).to.deep.equal(once.get('call-1'));
    const fromScratchTwice = replay(dashboardProjection, [...events, ...events]);
    expect(fromScratchTwice.get('call-1')).to.deep.equal(once.get('call-1'));
  });

  it('keeps an operator-cancelled finished ride FINISHED, with its payment REFUNDED', () => {
    const events = recordAll([
      ...aWholeRide(),
      { type: 'CallCancelled', data: { callId: 'call-1', reason: 'complaint', cancelledBy: 'operator', cancelledAt: '2026-11-25T10:00:00.000Z' } },
      {
        type: 'PaymentRefunded',
        data: { paymentId: 'pay-call-1', callId: 'call-1', gatewayReference: 'rf_1', refundedAt: '2026-11-25T10:00:01.000Z' },
      },
    ]);
    expect(replay(dashboardProjection, events).get('call-1')).to.deep.include({
      status: 'FINISHED',
      paymentStatus: 'REFUNDED',
      cancelReason: 'complaint',
    });
  });

  it('marks a call cancelled before the ride CANCELLED', () => {
    const events = recordAll([
      ...aWholeRide().slice(0, 3),
      {
        type: 'CallCancelled',
        data: { callId: 'call-1', reason: 'plans changed', cancelledBy: 'passenger', cancelledAt: '2026-11-25T09:02:00.000Z' },
      },
    ]);
    expect(replay(dashboardProjection, events).get('call-1')).to.deep.include({ status: 'CANCELLED', cancelReason: 'plans changed' });
  });

  it('ignores unknown events and events of calls it never saw requested', () => {
    const stray = recordAll([
      looseEvent('SomethingNew', { callId: 'call-1' }),
      { type: 'DriverAccepted', data: { callId: 'ghost', driverId: 'd', driverName: 'x', vehicleNo: 'v', acceptedAt: 'now' } },
    ]);
    expect(replay(dashboardProjection, stray).size).to.equal(0);
  });
});
