import { expect } from 'chai';
import { type AutoDispatchSettings, evolve, nextStep } from '../../../src/application/processes/auto-dispatch.process.js';
import { rideLifecycle } from '../../../src/application/processes/ride-lifecycle.process.js';
import type { LogEvent } from '../../../src/domain/events.js';
import { callListProjection } from '../../../src/projections/call-list/call-list.projection.js';
import { gangnam, recordAll, seoulStation } from '../../support/recorded.js';

const settings: AutoDispatchSettings = { offerTimeoutMs: 15_000, totalTimeoutMs: 60_000, searchRetryMs: 2_000 };
const requested: LogEvent = {
  type: 'CallRequested',
  data: {
    callId: 'c-1',
    passengerId: 'p-1',
    pickup: seoulStation,
    destination: gangnam,
    rideType: 'STANDARD',
    requestedAt: '2026-11-25T09:00:00.000Z',
  },
};
const accepted: LogEvent = {
  type: 'DriverAccepted',
  data: { callId: 'c-1', driverId: 'd-1', driverName: 'Kim', vehicleNo: 'V-1', acceptedAt: '2026-11-25T09:00:10.000Z' },
};
const callReleased = (excludedDriverIds: string[]): LogEvent => ({
  type: 'CallReleased',
  data: {
    callId: 'c-1',
    passengerId: 'p-1',
    pickup: seoulStation,
    destination: gangnam,
    rideType: 'STANDARD',
    requestedAt: '2026-11-25T09:00:00.000Z',
    driverId: excludedDriverIds.at(-1)!,
    reason: 'flat tyre',
    releasedAt: '2026-11-25T09:05:00.000Z',
    excludedDriverIds,
  },
});
const released = (releasedBy: 'driver' | 'operator'): LogEvent => ({
  type: 'DispatchReleased',
  data: { callId: 'c-1', driverId: 'd-1', reason: 'flat tyre', releasedBy, releasedAt: '2026-11-25T09:05:00.000Z' },
});
const commandsFor = (event: LogEvent) =>
  rideLifecycle.react(recordAll([event])[0]!).map((c) => ({ aggregate: c.aggregate, id: c.id, command: c.command }));

describe('A call given back or reassigned, as the log’s readers see it', () => {
  describe('the ride lifecycle', () => {
    it('frees a driver who gave the call back and reopens the call', () => {
      expect(commandsFor(released('driver')).map((c) => [c.aggregate, c.command.type, (c.command.data as { reason?: string }).reason])).to.deep.equal(
        [
          ['driver', 'ReleaseDriver', 'CALL_RELEASED'],
          ['call', 'ReleaseCall', 'flat tyre'],
        ],
      );
    });

    it('only frees the previous driver of a reassignment: the call follows the new acceptance', () => {
      expect(
        commandsFor(released('operator')).map((c) => [c.aggregate, c.command.type, (c.command.data as { reason?: string }).reason]),
      ).to.deep.equal([['driver', 'ReleaseDriver', 'REASSIGNED']]);
    });

    it('marks the call dispatched to the new driver, naming the one replaced', () => {
      const reassigned: LogEvent = { ...accepted, data: { ...accepted.data, driverId: 'd-7', replaces: 'd-1' } };
      expect(commandsFor(reassigned).map((c) => c.command.data)).to.deep.equal([
        { callId: 'c-1', driverId: 'd-7', vehicleNo: 'V-1', dispatchedAt: '2026-11-25T09:00:10.000Z', replaces: 'd-1' },
      ]);
    });
  });

  describe('auto-dispatch', () => {
    const fold = (events: LogEvent[]) =>
      events.reduce(
        (dispatch, event, i) => evolve(dispatch, { ...event, position: 10 + i, eventId: `e-${i}` }, settings),
        null as ReturnType<typeof evolve>,
      );

    it('takes a released call up again: a new round, a fresh deadline, never the drivers who gave it back', () => {
      const dispatch = fold([requested, accepted, callReleased(['d-1', 'd-2'])])!;
      expect(dispatch.deadline).to.equal(Date.parse('2026-11-25T09:05:00.000Z') + 60_000);
      expect(nextStep(dispatch, Date.parse('2026-11-25T09:05:01.000Z'), settings)).to.deep.include({
        kind: 'offer',
        offerId: 'c-1:2:3',
        exclude: ['d-1', 'd-2'],
      });
    });

    it('stops following the call once it is taken again', () => {
      expect(fold([requested, accepted, callReleased(['d-1']), { ...accepted, data: { ...accepted.data, driverId: 'd-3' } }])).to.equal(null);
    });
  });

  describe('the call list', () => {
    it('lists a released call again, and replaying the events gives the same document', () => {
      const recorded = recordAll([requested, accepted, callReleased(['d-1'])]);
      const once = recorded.reduce((doc, event) => callListProjection.evolve(doc, event), null as ReturnType<typeof callListProjection.evolve>);
      const twice = [...recorded, ...recorded].reduce(
        (doc, event) => callListProjection.evolve(doc, event),
        null as ReturnType<typeof callListProjection.evolve>,
      );
      expect(once).to.deep.include({ callId: 'c-1', pickup: seoulStation, destination: gangnam, rideType: 'STANDARD' });
      expect(twice).to.deep.equal(once);
    });
  });
});
