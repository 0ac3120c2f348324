import { dispatchDecider, dispatchStream } from '../../domain/dispatch/dispatch.js';
import { send } from '../aggregates.js';
import { loadCall } from '../call/load-call.js';
import { type Caller, contextFor } from '../context.js';
import type { RideDependencies, RideStep } from '../ride-dependencies.js';
import { type PickupCheck, proximityOf } from './pickup.js';

/**
 * The driver is at the pickup: decided on the dispatch stream (the assigned driver, not started,
 * within reach of the pickup by their last known position), and the passenger is told.
 */
export const arriveAtPickup = async (deps: RideDependencies & { pickup: PickupCheck }, { callId, driverId }: RideStep, caller: Caller) => {
  const call = await loadCall(deps.commands, callId);
  const proximity = await proximityOf(deps.pickup, driverId, call.request.pickup);
  const now = deps.clock.now();
  const result = await send(
    deps.commands,
    { aggregate: 'dispatch', id: callId, command: { type: 'ArriveAtPickup', data: { callId, driverId, arrivedAt: now.toISOString() }, proximity } },
    contextFor(caller, callId, now),
  );
  const { state } = await deps.commands.load(dispatchDecider, dispatchStream(callId));
  const arrivedAt = state.status === 'accepted' ? (state.arrivedAt ?? now.toISOString()) : now.toISOString();
  return { ...result, arrivedAt };
};
