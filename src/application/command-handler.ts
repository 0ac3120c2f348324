import { handleType, retry, ExponentialBackoff } from 'cockatiel';
import { LRUCache } from 'lru-cache';
import type { Decider, DomainEvent } from '../domain/shared/decider.js';
import type { Actor } from '../domain/shared/actor.js';
import { isDomainError } from '../domain/shared/domain-error.js';
import { newEventId } from './event-id.js';
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

export { newEventId };

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
export const toDomainEvent = <Event extends DomainEvent>(recorded: RecordedEvent): Event => ({ type: recorded.type, data: recorded.data }) as Event;

/** A stream folded up to `revision`: the decider's state and where its last event is in the log. */
type Folded<State> = { state: State; revision: number; position: number };
type Folder<Event extends DomainEvent, State> = Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>;

export type CommandHandlerOptions = {
  /** Streams whose folded state is kept per decider (least recently used go first); 0 turns it off. */
  cachedStreams?: number;
};

/**
 * Read → fold → decide → append, with optimistic concurrency on the stream's revision.
 *
 * Folded states of recently used streams are kept, so a command reads only the events appended
 * since (`fromRevision`) instead of the whole stream — a driver's stream grows by two events a
 * ride. That is safe because the log is append-only: a cached state is always the fold of a true
 * prefix of the stream, however old, and whatever another process appended since is read and
 * folded on top. It relies on deciders being pure — `evolve` and `decide` never mutate a state
 * (the Given/When/Then helper deep-freezes every state to hold them to it). A command on a kept
 * stream is first decided on the fold as it is, with no read at all (see onKnownState).
 */
export class CommandHandler {
  private readonly folded = new WeakMap<object, LRUCache<string, Folded<unknown>>>();
  private readonly cachedStreams: number;

  constructor(
    private readonly eventStore: EventStore,
    options: CommandHandlerOptions = {},
  ) {
    this.cachedStreams = options.cachedStreams ?? 10_000;
  }

  async handle<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    streamName: string,
    command: Command,
    context: CommandContext,
  ): Promise<CommandResult<Event>> {
    const onKnownState = await this.onKnownState(decider, streamName, command, context);
    if (onKnownState) return onKnownState;
    return onConflict.execute(async () => {
      const current = await this.current(decider, streamName);
      const events = decider.decide(command, current.state);
      if (events.length === 0) return { events, revision: current.revision, position: current.position };
      return this.append(decider, streamName, current, events, context);
    });
  }

  /**
   * The command decided on the cached fold without reading the stream first: the append's
   * expected revision is the check that the fold is still the whole stream. Anything else — no
   * fold kept, nothing to append, a refusal, or a conflict (somebody appended since) — is left to
   * the full cycle, which reads what is new: an answer is never given from a fold that may be stale.
   */
  private async onKnownState<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    streamName: string,
    command: Command,
    context: CommandContext,
  ): Promise<CommandResult<Event> | undefined> {
    const known = this.cacheOf(decider)?.get(streamName) as Folded<State> | undefined;
    if (!known) return undefined;
    let events: Event[];
    try {
      events = decider.decide(command, known.state);
    } catch {
      return undefined;
    }
    if (events.length === 0) return undefined;
    try {
      return await this.append(decider, streamName, known, events, context);
    } catch (error) {
      // A refusal on the way in (an erased person's data is not sealed) is the full cycle's to give too.
      if (error instanceof WrongExpectedRevisionError || isDomainError(error)) return undefined;
      throw error;
    }
  }

  private async append<Event extends DomainEvent, State>(
    decider: Folder<Event, State>,
    streamName: string,
    current: Folded<State>,
    events: Event[],
    context: CommandContext,
  ): Promise<CommandResult<Event>> {
    const appended = await this.eventStore.appendToStream(
      streamName,
      events.map((event) => toNewEvent(event, context)),
      current.revision === -1 ? 'no_stream' : current.revision,
    );
    this.remember(decider, streamName, {
      state: events.reduce((state, event) => decider.evolve(state, event), current.state),
      revision: appended.nextExpectedRevision,
      position: appended.position,
    });
    return { events, revision: appended.nextExpectedRevision, position: appended.position };
  }

  /** Current state of a stream, for a use case that needs to look something up before deciding. */
  async load<Event extends DomainEvent, State>(decider: Folder<Event, State>, streamName: string): Promise<Folded<State>> {
    return this.current(decider, streamName);
  }

  /** A stream's events, as its decider knows them: what a repeated command's follow-ups are decided from. */
  async eventsOf<Event extends DomainEvent>(streamName: string): Promise<Event[]> {
    return (await this.eventStore.readStream(streamName)).map((event) => toDomainEvent<Event>(event));
  }

  /** The stream folded to its last event: the cached fold plus whatever was appended after it. */
  private async current<Event extends DomainEvent, State>(decider: Folder<Event, State>, streamName: string): Promise<Folded<State>> {
    const known = this.cacheOf(decider)?.get(streamName) as Folded<State> | undefined;
    const recorded = await this.eventStore.readStream(streamName, { fromRevision: (known?.revision ?? -1) + 1 });
    const last = recorded.at(-1);
    const base = known ?? { state: decider.initialState(), revision: -1, position: 0 };
    if (!last) return base;
    const folded = {
      state: recorded.reduce((state, event) => decider.evolve(state, toDomainEvent<Event>(event)), base.state),
      revision: last.revision,
      position: last.position,
    };
    this.remember(decider, streamName, folded);
    return folded;
  }

  private remember(decider: object, streamName: string, folded: Folded<unknown>): void {
    const cache = this.cacheOf(decider);
    // Two commands on one stream may finish out of order; keep the longer prefix.
    if (cache && (cache.peek(streamName)?.revision ?? -1) < folded.revision) cache.set(streamName, folded);
  }

  private cacheOf(decider: object): LRUCache<string, Folded<unknown>> | undefined {
    if (this.cachedStreams === 0) return undefined;
    let cache = this.folded.get(decider);
    if (!cache) {
      cache = new LRUCache({ max: this.cachedStreams });
      this.folded.set(decider, cache);
    }
    return cache;
  }
}
