import { send } from '../aggregates.js';
import { loadCall } from '../call/load-call.js';
import { type Caller, contextFor } from '../context.js';
import type { RideDependencies, RideStep } from '../ride-dependencies.js';

/**
 * The assigned driver gives the call back before the ride starts. The dispatch stream decides
 * (it serialises with the start and a cancel); then the driver is free and the call is open again,
 * inline for read-your-writes — the ride lifecycle repeats both should this process die between.
 * Reopening the call is what puts it back in the call list and in auto-dispatch's hands.
 */
export const releaseCall = async (
  { commands, clock }: RideDependencies,
  { callId, driverId, reason }: RideStep & { reason: string },
  caller: Caller,
) => {
  await loadCall(commands, callId);
  const now = clock.now();
  const context = contextFor(caller, callId, now);
  const releasedAt = now.toISOString();
  await send(
    commands,
    { aggregate: 'dispatch', id: callId, command: { type: 'ReleaseDispatch', data: { callId, driverId, reason, releasedAt } } },
    context,
  );
  await send(
    commands,
    { aggregate: 'driver', id: driverId, command: { type: 'ReleaseDriver', data: { driverId, callId, reason: 'CALL_RELEASED', at: releasedAt } } },
    context,
  );
  return send(commands, { aggregate: 'call', id: callId, command: { type: 'ReleaseCall', data: { callId, driverId, reason, releasedAt } } }, context);
};
