import { callIdOf, type LogEvent } from '../../domain/events.js';
import { paymentIdFor } from '../../domain/payment/payment.js';
import type { RoutedCommand } from '../aggregates.js';
import type { ProcessManager } from './process-manager.js';

/**
 * Keeps the four aggregates of one call in step:
 * - an acceptance marks the call dispatched (to the new driver, when an operator reassigned it);
 * - a released dispatch frees its driver and, when the driver gave the call back, reopens the call;
 * - a cancelled dispatch releases its driver and cancels the call;
 * - an expired dispatch (nobody accepted in time) ends the call: no driver found;
 * - a completed dispatch (passenger aboard) starts the ride's meter;
 * - a finished ride frees the driver, completes the call and requests the payment of its fare.
 * The use cases send these same reactions inline (`followUp`) for the steps a user waits on; the
 * process makes every step eventually true even if a request died right after the first append.
 */
export const rideReactions = (event: LogEvent): RoutedCommand[] => {
  switch (event.type) {
    case 'DriverAccepted': {
      const { callId, driverId, vehicleNo, acceptedAt, replaces } = event.data;
      const data = { callId, driverId, vehicleNo, dispatchedAt: acceptedAt, ...(replaces ? { replaces } : {}) };
      return [{ aggregate: 'call', id: callId, command: { type: 'MarkCallDispatched', data } }];
    }
    case 'DispatchReleased': {
      const { callId, driverId, reason, releasedBy, releasedAt } = event.data;
      const freed = { driverId, callId, reason: releasedBy === 'driver' ? ('CALL_RELEASED' as const) : ('REASSIGNED' as const), at: releasedAt };
      const release: RoutedCommand = { aggregate: 'driver', id: driverId, command: { type: 'ReleaseDriver', data: freed } };
      // A reassignment names the new driver in the same append: the call follows that acceptance instead.
      if (releasedBy === 'operator') return [release];
      return [release, { aggregate: 'call', id: callId, command: { type: 'ReleaseCall', data: { callId, driverId, reason, releasedAt } } }];
    }
    case 'DispatchCancelled': {
      const { callId, driverId, reason, cancelledBy, cancelledAt } = event.data;
      const release: RoutedCommand[] = driverId
        ? [
            {
              aggregate: 'driver',
              id: driverId,
              command: { type: 'ReleaseDriver', data: { driverId, callId, reason: 'CALL_CANCELLED', at: cancelledAt, cancelledBy } },
            },
          ]
        : [];
      return [...release, { aggregate: 'call', id: callId, command: { type: 'CancelCall', data: { callId, reason, cancelledBy, cancelledAt } } }];
    }
    case 'DispatchExpired': {
      const { callId, expiredAt } = event.data;
      return [{ aggregate: 'call', id: callId, command: { type: 'ExpireCall', data: { callId, expiredAt } } }];
    }
    case 'DispatchCompleted': {
      const { callId, passengerId, driverId, completedAt } = event.data;
      return [{ aggregate: 'driving', id: callId, command: { type: 'StartRide', data: { callId, passengerId, driverId, startedAt: completedAt } } }];
    }
    case 'RideFinished': {
      const { callId, passengerId, driverId, finishedAt, fare } = event.data;
      const paymentId = paymentIdFor(callId);
      return [
        {
          aggregate: 'driver',
          id: driverId,
          command: { type: 'ReleaseDriver', data: { driverId, callId, reason: 'RIDE_FINISHED', at: finishedAt } },
        },
        { aggregate: 'call', id: callId, command: { type: 'CompleteCall', data: { callId, completedAt: finishedAt } } },
        {
          aggregate: 'payment',
          id: paymentId,
          command: { type: 'RequestPayment', data: { paymentId, callId, passengerId, amount: fare, requestedAt: finishedAt } },
        },
      ];
    }
    default:
      return [];
  }
};

export const rideLifecycle: ProcessManager = {
  name: 'ride-lifecycle',
  // One call's steps in order; calls are independent (a driver command names its call, so two
  // calls' releases of one driver cannot undo each other).
  orderingKey: (event) => callIdOf(event) ?? event.streamName,
  react: rideReactions,
};
