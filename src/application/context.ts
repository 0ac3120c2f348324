import { type Actor, systemActor } from '../domain/shared/actor.js';
import type { CommandContext } from './command-handler.js';
import type { RecordedEvent } from './ports/event-store.js';

/** What the caller of a use case knows: who acts and which request this is. */
export type Caller = { actor: Actor; requestId: string };

/** A command issued for a request: the call id correlates, the request caused it. */
export const contextFor = (caller: Caller, correlationId: string, now: Date): CommandContext => ({
  correlationId,
  causationId: caller.requestId,
  actor: caller.actor,
  timestamp: now.toISOString(),
});

/**
 * A command a process issues on its own (a timer, a retry): correlated to the call, caused by the
 * last event of it that the process saw, done by the process as a system actor.
 */
export const contextForProcess = (process: string, correlationId: string, causationId: string, now: Date): CommandContext => ({
  correlationId,
  causationId,
  actor: systemActor(process),
  timestamp: now.toISOString(),
});

/** A command issued by a process manager: same correlation, caused by the event it reacts to. */
export const contextFromEvent = (event: RecordedEvent, actor: Actor, now: Date): CommandContext => ({
  correlationId: event.metadata.correlationId,
  causationId: event.eventId,
  actor,
  timestamp: now.toISOString(),
});
