import { expect } from 'chai';
import { callListProjection } from '../../../src/projections/call-list/call-list.projection.js';
import { driversProjection } from '../../../src/projections/drivers/drivers.projection.js';
import { notificationsProjection } from '../../../src/projections/notifications/notifications.projection.js';
import { aWholeRide, recordAll } from '../../support/recorded.js';
import { replay } from '../../support/replay.js';

describe('Call list projection', () => {
  it('lists a requested call until a driver accepts it', () => {
    const events = recordAll(aWholeRide());
    expect([...replay(callListProjection, events.slice(0, 1)).keys()]).to.deep.equal(['call-1']);
    expect(replay(callListProjection, events).size).to.equal(0);
  });

  it('yields the same list when the same events are replayed twice', () => {
    const events = recordAll([...aWholeRide('a'), ...aWholeRide('b').slice(0, 1)]);
    const once = replay(callListProjection, events);
    expect(replay(callListProjection, [...events, ...events])).to.deep.equal(once);
    expect([...once.keys()]).to.deep.equal(['b']);
  });
});

describe('Drivers projection', () => {
  const driverEvents = recordAll([
    { type: 'DriverRegistered', data: { driverId: 'd-1', name: 'Kim', vehicleNo: 'v', rideTypes: ['STANDARD'], registeredAt: 't' } },
    { type: 'DriverWentOnline', data: { driverId: 'd-1', location: { lat: 37.5, lng: 127 }, at: 't' } },
    { type: 'DriverAssigned', data: { driverId: 'd-1', callId: 'c', at: 't' } },
  ]);

  it('knows who is online, where, and on which call', () => {
    expect(replay(driversProjection, driverEvents).get('d-1')).to.deep.include({
      status: 'ONLINE',
      currentCallId: 'c',
      location: { lat: 37.5, lng: 127 },
    });
  });

  it('yields the same document when replayed twice', () => {
    const once = replay(driversProjection, driverEvents);
    expect(replay(driversProjection, [...driverEvents, ...driverEvents])).to.deep.equal(once);
  });
});

describe('Notifications projection', () => {
  it('tells the passenger of every status change of a ride, with a readable message', () => {
    const thread = replay(notificationsProjection, recordAll(aWholeRide())).get('call-1')!;
    expect(thread.notifications.map((n) => n.kind)).to.deep.equal([
      'CALL_REQUESTED',
      'CALL_DISPATCHED',
      'RIDE_STARTED',
      'RIDE_FINISHED',
      'PAYMENT_APPROVED',
    ]);
    expect(thread.notifications[3]!.message).to.contain('13,000 KRW');
    expect(thread.notifications.every((n) => n.passengerId === 'p-1')).to.equal(true);
  });

  it('never notifies twice for the same event, even when replayed', () => {
    const events = recordAll(aWholeRide());
    const once = replay(notificationsProjection, events);
    const twice = replay(notificationsProjection, events, new Map(once));
    expect(twice.get('call-1')).to.deep.equal(once.get('call-1'));
    // a writer that lost its checkpoint re-applies every event to a fresh copy: still no duplicates
    const stale = new Map([...once].map(([k, v]) => [k, { ...v, position: 0 }]));
    expect(replay(notificationsProjection, events, stale).get('call-1')!.notifications).to.have.length(5);
  });
});
