import type { CommandHandler } from './command-handler.js';
import type { Clock } from './ports/clock.js';

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
