import { type Token, token } from './token.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const CLOCK: Token<Clock> = token('Clock');
