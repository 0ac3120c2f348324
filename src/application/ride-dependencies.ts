import type { CommandHandler } from './command-handler.js';
import type { Clock } from './ports/clock.js';

/** What every ride use case needs; bound once in the composition root. */
export type RideDependencies = {
  commands: CommandHandler;
  clock: Clock;
};
