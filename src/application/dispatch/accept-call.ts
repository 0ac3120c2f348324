import { dispatchDecider, dispatchStream } from '../../domain/dispatch/dispatch.js';
import { driverDecider, driverStream } from '../../domain/driver/driver.js';
import { DomainError, isDomainError } from '../../domain/shared/domain-error.js';
import { send } from '../aggregates.js';
import { loadCall } from '../call/load-call.js';
import { type Caller, contextFor } from '../context.js';
import type { RideDependencies, RideStep } from '../ride-dependencies.js';

/**
 * A driver accepts a call. Two streams guard two rules, both with optimistic concurrency:
 * the driver's stream ("not on another ride") and the dispatch stream ("first accept wins").
 * The driver is reserved first; if the dispatch then refuses, the reservation is released again.
 */
export const acceptCall = async ({ commands, clock }: RideDependencies, { callId, driverId }: RideStep, caller: Caller) => {
  await loadCall(commands, callId);
  // Cheap pre-check so that losers of a race hear CALL_ALREADY_DISPATCHED (what they care about)
  // rather than a driver-side error, and do not churn their own stream. The append below decides.
  const dispatch = await commands.load(dispatchDecider, dispatchStream(callId));
  if ((dispatch.state.status === 'accepted' || dispatch.state.status === 'completed') && dispatch.state.driverId !== driverId) {
    throw new DomainError('CALL_ALREADY_DISPATCHED', 'This call has already been dispatched', { callId });
  }

  const now = clock.now();
  const context = contextFor(caller, callId, now);
  const at = now.toISOString();
  const driver = await commands.load(driverDecider, driverStream(driverId));
  if (driver.state.status === 'unregistered') throw new DomainError('DRIVER_NOT_FOUND', `Driver ${driverId} does not exist`, { driverId });
  const { name: driverName, vehicleNo } = driver.state.profile;

  const reserved = await send(commands, { aggregate: 'driver', id: driverId, command: { type: 'AssignDriver', data: { driverId, callId, at } } }, context);
  try {
    return await send(commands, { aggregate: 'dispatch', id: callId, command: { type: 'AcceptCall', data: { callId, driverId, driverName, vehicleNo, acceptedAt: at } } }, context);
  } catch (error) {
    if (isDomainError(error) && reserved.events.length > 0) {
      await send(commands, { aggregate: 'driver', id: driverId, command: { type: 'ReleaseDriver', data: { driverId, callId, reason: 'ACCEPT_LOST', at } } }, context);
    }
    throw error;
  }
};
