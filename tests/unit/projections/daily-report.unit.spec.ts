import { expect } from 'chai';
import { dailyReportProjection } from '../../../src/projections/daily-report/daily-report.projection.js';
import { dayOf, nextDay, startOfDay } from '../../../src/projections/daily-report/service-day.js';
import { projectionSpec } from '../../support/projection-spec.js';
import { aWholeRide, recordAll } from '../../support/recorded.js';
import type { RecordedEvent } from '../../../src/application/ports/event-store.js';

/** The documents the events make, applied as the runner applies them. */
const fold = (events: RecordedEvent[]) => projectionSpec(dailyReportProjection).given(events).documents;

describe('Daily report projection', () => {
  it('keeps the facts of a finished ride: ride type, request and accept times, fare', () => {
    expect(fold(recordAll(aWholeRide())).get('call-1')).to.deep.include({
      rideType: 'STANDARD',
      requestedAt: '2026-11-25T09:00:00.000Z',
      acceptedAt: '2026-11-25T09:01:00.000Z',
      outcome: 'FINISHED',
      fare: 13000,
      currency: 'KRW',
      refunded: false,
    });
  });

  it('yields the same document when every event is applied twice', () => {
    const events = recordAll(aWholeRide());
    const { position: _p, ...once } = fold(events).get('call-1')!;
    const { position: _q, ...replayedWhole } = fold([...events, ...events]).get('call-1')!;
    expect(replayedWhole).to.deep.equal(once);
    expect(fold(events.flatMap((event) => [event, event])).get('call-1')).to.deep.equal(fold(events).get('call-1'));
  });

  it('keeps an operator-cancelled finished ride finished, and marks it refunded', () => {
    const events = recordAll([
      ...aWholeRide(),
      { type: 'CallCancelled', data: { callId: 'call-1', reason: null, cancelledBy: 'operator', cancelledAt: '2026-11-25T10:00:00.000Z' } },
      {
        type: 'PaymentRefunded',
        data: { paymentId: 'pay-call-1', callId: 'call-1', gatewayReference: 'rf', refundedAt: '2026-11-25T10:00:01.000Z' },
      },
    ]);
    expect(fold(events).get('call-1')).to.deep.include({ outcome: 'FINISHED', refunded: true });
  });

  it('counts a call cancelled or expired before a ride as such', () => {
    const requested = aWholeRide().slice(0, 1);
    const cancelled = recordAll([
      ...requested,
      { type: 'CallCancelled', data: { callId: 'call-1', reason: null, cancelledBy: 'passenger', cancelledAt: 't' } },
    ]);
    const expired = recordAll([...requested, { type: 'CallExpired', data: { callId: 'call-1', reason: 'NO_DRIVER_FOUND', expiredAt: 't' } }]);
    expect(fold(cancelled).get('call-1')!.outcome).to.equal('CANCELLED');
    expect(fold(expired).get('call-1')!.outcome).to.equal('EXPIRED');
  });
});

describe('Service days', () => {
  it('cuts days at midnight in the service time zone', () => {
    expect(dayOf('2026-11-25T14:59:59.000Z', 'Asia/Seoul')).to.equal('2026-11-25');
    expect(dayOf('2026-11-25T15:00:00.000Z', 'Asia/Seoul')).to.equal('2026-11-26');
    expect(startOfDay('2026-11-26', 'Asia/Seoul')).to.equal('2026-11-25T15:00:00.000Z');
    expect(startOfDay('2026-07-01', 'America/New_York')).to.equal('2026-07-01T04:00:00.000Z');
    expect(nextDay('2026-12-31')).to.equal('2027-01-01');
  });
});
