import { dispatchDecider, dispatchStream } from '../../domain/dispatch/dispatch.js';
import { send } from '../aggregates.js';
import type { Caller } from '../context.js';
import { type RideDependencies, type RideStep, stepOn } from '../ride-dependencies.js';
import { type PickupCheck, proximityOf } from './pickup.js';

/**
 * The driver is at the pickup: decided on the dispatch stream (the assigned driver, not started,
 * within reach of the pickup by their last known position), and the passenger is told.
 */
export const arriveAtPickup = async (deps: RideDependencies & { pickup: PickupCheck }, { callId, driverId }: RideStep, caller: Caller) => {
  const { call, at, context } = await stepOn(deps, callId, caller);
  const proximity = await proximityOf(deps.pickup, driverId, call.request.pickup);
  const result = await send(
    deps.commands,
    { aggregate: 'dispatch', id: callId, command: { type: 'ArriveAtPickup', data: { callId, driverId, arrivedAt: at }, proximity } },
    context,
  );
  const arrived = result.events.find((event) => event.type === 'DriverArrived');
  if (arrived) return { ...result, arrivedAt: arrived.data.arrivedAt };
  // Said before: the answer is the first arrival's time.
  const { state } = await deps.commands.load(dispatchDecider, dispatchStream(callId));
  return { ...result, arrivedAt: state.status === 'accepted' && state.arrivedAt ? state.arrivedAt : at };
};
