import type { LogEvent } from '../domain/events.js';
import { send } from './aggregates.js';
import { type ExistingCall, callNotFound, loadCall } from './call/load-call.js';
import type { CommandContext, CommandHandler } from './command-handler.js';
import { type Caller, contextFor } from './context.js';
import type { Clock } from './ports/clock.js';
import { rideReactions } from './processes/ride-lifecycle.process.js';

/** What every ride use case needs; bound once in the composition root. */
export type RideDependencies = {
  commands: CommandHandler;
  clock: Clock;
};

/**
 * Every use case has one shape: `(deps, input, caller)`. This is the input of the ride steps a
 * driver takes on one call (accept, decline, start, finish).
 */
export type RideStep = { callId: string; driverId: string };

/** A step on one call as it begins: the call, the step's time, and the context its commands carry. */
export type Step = { call: ExistingCall; at: string; context: CommandContext };

/**
 * Loads the call (CALL_NOT_FOUND when there is none) and fixes the step's time and context.
 * Another passenger's call answers like a missing one, so call ids cannot be probed.
 */
export const stepOn = async ({ commands, clock }: RideDependencies, callId: string, caller: Caller): Promise<Step> => {
  const call = await loadCall(commands, callId);
  if (caller.actor.role === 'passenger' && caller.actor.id !== call.request.passengerId) throw callNotFound(callId);
  const now = clock.now();
  return { call, at: now.toISOString(), context: contextFor(caller, callId, now) };
};

/**
 * Sends, side by side, what the ride lifecycle decides on the events a step appended: the steps a
 * user waits on are then true in the answer (the driver free, the call cancelled), and the
 * lifecycle repeats them from the log should this process die in between.
 */
export const followUp = (commands: CommandHandler, appended: readonly LogEvent[], context: CommandContext) =>
  Promise.all(appended.flatMap(rideReactions).map((routed) => send(commands, routed, context)));
