import { drivingDecider, drivingStream } from '../../domain/driving/driving.js';
import { send } from '../aggregates.js';
import type { Caller } from '../context.js';
import { type PickupCheck, proximityOf } from '../dispatch/pickup.js';
import { followUp, type RideDependencies, type RideStep, stepOn } from '../ride-dependencies.js';

/**
 * The passenger boards. The dispatch stream decides (assigned driver, not cancelled) and closes
 * the matching; then the ride's own stream starts the meter, inline as the ride lifecycle would
 * from DispatchCompleted. Without an arrival the driver must be at the pickup (their last known
 * position), so a ride never starts across town.
 */
export const startRide = async (deps: RideDependencies & { pickup: PickupCheck }, { callId, driverId }: RideStep, caller: Caller) => {
  const { call, at, context } = await stepOn(deps, callId, caller);
  const proximity = await proximityOf(deps.pickup, driverId, call.request.pickup);
  const { passengerId } = call.request;
  const completed = await send(
    deps.commands,
    { aggregate: 'dispatch', id: callId, command: { type: 'CompleteDispatch', data: { callId, passengerId, driverId, completedAt: at }, proximity } },
    context,
  );
  await followUp(deps.commands, completed.events, context);
  // The answer says where the ride stands, whether this request or an earlier one started it.
  return deps.commands.load(drivingDecider, drivingStream(callId));
};
