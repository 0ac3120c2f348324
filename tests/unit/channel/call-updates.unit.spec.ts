import { expect } from 'chai';
import { callUpdateOf, offerWithdrawnOf } from '../../../src/infrastructure/http/channel/call-updates.js';
import type { LogEvent } from '../../../src/domain/events.js';

const at = '2026-12-07T18:00:00.000Z';
const event = (type: string, data: Record<string, unknown>) => ({ type, data }) as unknown as LogEvent;

describe("The driver channel's call updates", () => {
  it('tells the driver of the call each step of it, from events that name the driver', () => {
    const updates = [
      event('CallDispatched', { callId: 'c-1', driverId: 'd-1', vehicleNo: 'v', dispatchedAt: at }),
      event('RideStarted', { callId: 'c-1', passengerId: 'p-1', driverId: 'd-1', startedAt: at }),
      event('RideFinished', { callId: 'c-1', driverId: 'd-1', finishedAt: at }),
    ].map(callUpdateOf);
    expect(updates.map((update) => [update?.driverId, update?.message.status])).to.deep.equal([
      ['d-1', 'DISPATCHED'],
      ['d-1', 'DRIVING'],
      ['d-1', 'FINISHED'],
    ]);
  });

  it('says CANCELLED on a cancel, RELEASED on any other release, and nothing on a release after a finish or a lost accept', () => {
    const release = (reason: string) => callUpdateOf(event('DriverReleased', { driverId: 'd-1', callId: 'c-1', reason, at }))?.message.status ?? null;
    expect(['CALL_CANCELLED', 'RELEASED_BY_DRIVER', 'RIDE_FINISHED', 'ACCEPT_LOST'].map(release)).to.deep.equal([
      'CANCELLED',
      'RELEASED',
      null,
      null,
    ]);
    expect(callUpdateOf(event('CallRequested', { callId: 'c-1' }))).to.equal(null);
  });

  it('withdraws an offer from its holder unless the holder took the call', () => {
    const closed = (reason: 'TAKEN' | 'EXPIRED', acceptedBy?: string) => ({
      kind: 'closed' as const,
      callId: 'c-1',
      reason,
      acceptedBy,
      position: 9,
    });
    expect(offerWithdrawnOf(closed('TAKEN', 'd-1'), 'd-1')).to.equal(null);
    expect(offerWithdrawnOf(closed('TAKEN', 'd-2'), 'd-1')).to.deep.equal({ type: 'offer-withdrawn', callId: 'c-1', reason: 'TAKEN' });
    expect(offerWithdrawnOf(closed('EXPIRED'), 'd-1')).to.deep.equal({ type: 'offer-withdrawn', callId: 'c-1', reason: 'EXPIRED' });
  });
});
