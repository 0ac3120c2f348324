import { expect } from 'chai';
import type { RoutedCommand } from '../../../src/application/aggregates.js';
import { rideLifecycle } from '../../../src/application/processes/ride-lifecycle.process.js';
import type { LogEvent } from '../../../src/domain/events.js';
import { aWholeRide, looseEvent, recordAll } from '../../support/recorded.js';

/** Given an event, the process manager sends these commands. */
const when = (event: LogEvent) => ({
  then: (expected: Array<Pick<RoutedCommand, 'aggregate' | 'id'> & { type: string }>) =>
    expect(rideLifecycle.react(recordAll([event])[0]!).map((c) => ({ aggregate: c.aggregate, id: c.id, type: c.command.type }))).to.deep.equal(
      expected,
    ),
});

const ride = Object.fromEntries(aWholeRide('c-1', 'p-1', 'd-1').map((e) => [e.type, e]));

describe('Ride lifecycle process manager', () => {
  it('marks the call dispatched when a driver accepted', () => {
    when(ride.DriverAccepted!).then([{ aggregate: 'call', id: 'c-1', type: 'MarkCallDispatched' }]);
  });

  it('releases the driver and cancels the call when an accepted dispatch is cancelled', () => {
    when({ type: 'DispatchCancelled', data: { callId: 'c-1', driverId: 'd-1', reason: null, cancelledBy: 'passenger', cancelledAt: 't' } }).then([
      { aggregate: 'driver', id: 'd-1', type: 'ReleaseDriver' },
      { aggregate: 'call', id: 'c-1', type: 'CancelCall' },
    ]);
  });

  it('only cancels the call when nobody had accepted it', () => {
    when({ type: 'DispatchCancelled', data: { callId: 'c-1', driverId: null, reason: null, cancelledBy: 'passenger', cancelledAt: 't' } }).then([
      { aggregate: 'call', id: 'c-1', type: 'CancelCall' },
    ]);
  });

  it('starts the meter when the passenger is aboard', () => {
    when(ride.DispatchCompleted!).then([{ aggregate: 'driving', id: 'c-1', type: 'StartRide' }]);
  });

  it('frees the driver, completes the call and requests payment of the fare when the ride finished', () => {
    when(ride.RideFinished!).then([
      { aggregate: 'driver', id: 'd-1', type: 'ReleaseDriver' },
      { aggregate: 'call', id: 'c-1', type: 'CompleteCall' },
      { aggregate: 'payment', id: 'pay-c-1', type: 'RequestPayment' },
    ]);
    const payment = rideLifecycle.react(recordAll([ride.RideFinished!])[0]!)[2]!;
    expect(payment.command.data).to.deep.include({ amount: { amount: 13000, currency: 'KRW' }, passengerId: 'p-1' });
  });

  it('orders the reactions of one call together, and those of different calls apart', () => {
    const keys = recordAll([...aWholeRide('c-1', 'p-1', 'd-1'), ...aWholeRide('c-2', 'p-2', 'd-1')]).map((event) => rideLifecycle.orderingKey(event));
    expect(new Set(keys)).to.deep.equal(new Set(['c-1', 'c-2']));
  });

  it('ignores everything else', () => {
    when(ride.CallRequested!).then([]);
    when(looseEvent('SomethingNew', {})).then([]);
  });
});
