import { expect } from 'chai';
import type { RecordedEvent } from '../../../src/application/ports/event-store.js';
import { type StatusChange, initialWatch, watchStatus } from '../../../src/projections/dashboard/status-changes.js';
import { aWholeRide, recordAll } from '../../support/recorded.js';

const changesOf = (events: RecordedEvent[]): StatusChange[] => {
  let watch = initialWatch();
  const changes: StatusChange[] = [];
  for (const event of events) {
    const folded = watchStatus(watch, event);
    watch = folded.watch;
    if (folded.change) changes.push(folded.change);
  }
  return changes;
};
const summary = (changes: StatusChange[]) => changes.map((c) => `${c.status}${c.paymentStatus ? `/${c.paymentStatus}` : ''}@${c.position}`);

describe('Live call status (the dashboard, change by change)', () => {
  describe('for a whole ride', () => {
    const events = recordAll(aWholeRide());

    it('reports each status change once, in order, at the position of the event that made it', () => {
      // 1 requested · 3 accepted · 5 dispatch completed (DRIVING; the RideStarted at 6 changes nothing) · 7 finished · 8 payment requested · 9 approved
      expect(summary(changesOf(events))).to.deep.equal([
        'REQUESTED@1',
        'DISPATCHED@3',
        'DRIVING@5',
        'FINISHED@7',
        'FINISHED/PENDING@8',
        'FINISHED/APPROVED@9',
      ]);
    });

    it('carries the dashboard entry as it stands after the change', () => {
      const finished = changesOf(events).find((c) => c.status === 'FINISHED')!;
      expect(finished.entry).to.include({ callId: 'call-1', status: 'FINISHED', driverId: 'd-1' });
      expect(finished.entry.fare).to.deep.equal({ amount: 13000, currency: 'KRW' });
    });

    it('gives the same changes when the same events are replayed', () => {
      expect(changesOf(events)).to.deep.equal(changesOf(events));
    });
  });

  it('reports NO_DRIVER_FOUND when the call expired', () => {
    const [requested] = aWholeRide();
    const events = recordAll([
      requested!,
      { type: 'CallExpired', data: { callId: 'call-1', reason: 'NO_DRIVER_FOUND', expiredAt: '2026-11-25T09:03:00.000Z' } },
    ]);
    expect(summary(changesOf(events))).to.deep.equal(['REQUESTED@1', 'NO_DRIVER_FOUND@2']);
  });

  it('reports nothing for offers and other events the dashboard does not show', () => {
    const [requested] = aWholeRide();
    const events = recordAll([
      requested!,
      { type: 'CallOffered', data: { callId: 'call-1', driverId: 'd-1', offerId: 'call-1:1', offeredAt: 'x', expiresAt: 'y' } },
      { type: 'OfferExpired', data: { callId: 'call-1', driverId: 'd-1', offerId: 'call-1:1', expiredAt: 'y' } },
    ]);
    expect(summary(changesOf(events))).to.deep.equal(['REQUESTED@1']);
  });
});
