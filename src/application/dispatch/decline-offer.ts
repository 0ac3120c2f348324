import { send } from '../aggregates.js';
import type { Caller } from '../context.js';
import { type RideDependencies, type RideStep, stepOn } from '../ride-dependencies.js';

/**
 * The offered driver says no. Decided on the dispatch stream, so it races cleanly with the offer's
 * timer and with an accept: whichever lands first closes the offer, and auto-dispatch moves on to
 * the next driver. A driver who declined is never offered this call again.
 */
export const declineOffer = async (deps: RideDependencies, { callId, driverId }: RideStep, caller: Caller) => {
  const { at, context } = await stepOn(deps, callId, caller);
  return send(
    deps.commands,
    { aggregate: 'dispatch', id: callId, command: { type: 'DeclineOffer', data: { callId, driverId, declinedAt: at } } },
    context,
  );
};
