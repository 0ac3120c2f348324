import { send } from '../aggregates.js';
import { loadCall } from '../call/load-call.js';
import { type Caller, contextFor } from '../context.js';
import type { RideDependencies, RideStep } from '../ride-dependencies.js';

/**
 * The offered driver says no. Decided on the dispatch stream, so it races cleanly with the offer's
 * timer and with an accept: whichever lands first closes the offer, and auto-dispatch moves on to
 * the next driver. A driver who declined is never offered this call again.
 */
export const declineOffer = async ({ commands, clock }: RideDependencies, { callId, driverId }: RideStep, caller: Caller) => {
  await loadCall(commands, callId);
  const now = clock.now();
  return send(
    commands,
    { aggregate: 'dispatch', id: callId, command: { type: 'DeclineOffer', data: { callId, driverId, declinedAt: now.toISOString() } } },
    contextFor(caller, callId, now),
  );
};
