import { send } from '../aggregates.js';
import { loadCall } from '../call/load-call.js';
import { type Caller, contextFor } from '../context.js';
import { type PickupCheck, proximityOf } from '../dispatch/pickup.js';
import type { RideDependencies, RideStep } from '../ride-dependencies.js';

/**
 * The passenger boards. The dispatch stream decides (assigned driver, not cancelled) and closes
 * the matching; then the ride's own stream starts the meter. Should the process die between the
 * two, the ride process manager starts the meter from DispatchCompleted. Without an arrival the
 * driver must be at the pickup (their last known position), so a ride never starts across town.
 */
export const startRide = async (
  { commands, clock, pickup }: RideDependencies & { pickup: PickupCheck },
  { callId, driverId }: RideStep,
  caller: Caller,
) => {
  const call = await loadCall(commands, callId);
  const proximity = await proximityOf(pickup, driverId, call.request.pickup);
  const now = clock.now();
  const context = contextFor(caller, callId, now);
  const at = now.toISOString();
  await send(
    commands,
    {
      aggregate: 'dispatch',
      id: callId,
      command: { type: 'CompleteDispatch', data: { callId, passengerId: call.request.passengerId, driverId, completedAt: at }, proximity },
    },
    context,
  );
  return send(
    commands,
    {
      aggregate: 'driving',
      id: callId,
      command: { type: 'StartRide', data: { callId, passengerId: call.request.passengerId, driverId, startedAt: at } },
    },
    context,
  );
};
