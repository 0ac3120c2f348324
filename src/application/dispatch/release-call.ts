import { callDecider, callStream } from '../../domain/call/call.js';
import { send } from '../aggregates.js';
import type { Caller } from '../context.js';
import { followUp, type RideDependencies, type RideStep, stepOn } from '../ride-dependencies.js';

/**
 * The assigned driver gives the call back before the ride starts. The dispatch stream decides
 * (it serialises with the start and a cancel); then the driver is free and the call is open again,
 * inline for read-your-writes. Reopening the call is what puts it back in the call list and in
 * auto-dispatch's hands.
 */
export const releaseCall = async (deps: RideDependencies, { callId, driverId, reason }: RideStep & { reason: string }, caller: Caller) => {
  const { at, context } = await stepOn(deps, callId, caller);
  const released = await send(
    deps.commands,
    { aggregate: 'dispatch', id: callId, command: { type: 'ReleaseDispatch', data: { callId, driverId, reason, releasedAt: at } } },
    context,
  );
  await followUp(deps.commands, released.events, context);
  // The answer says where the call stands, whether this request or an earlier one released it.
  return deps.commands.load(callDecider, callStream(callId));
};
