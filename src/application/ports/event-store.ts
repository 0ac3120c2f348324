import { type Token, token } from './token.js';
import type { LogEvent } from '../../domain/events.js';
import type { Actor } from '../../domain/shared/actor.js';

/** What every stored event carries besides its payload. */
export type EventMetadata = {
  /** The call id: one id ties Call, Dispatch, Driving and Payment together. */
  correlationId: string;
  /** The event (or request) that caused this one. */
  causationId: string;
  actor: Actor;
  /** When the command that produced the event was handled (ISO-8601). */
  timestamp: string;
};

export type NewEvent = { eventId: string; type: string; data: object; metadata: EventMetadata };

/** Where an event sits in the log and what it carries besides its payload. */
export type EventEnvelope = {
  eventId: string;
  metadata: EventMetadata;
  streamName: string;
  /** 0-based position inside the stream. */
  revision: number;
  /** Position in the global log, increasing across all streams (exclusive checkpoints use it). */
  position: number;
};

/**
 * An event as read back from the log: one of the domain's events (`LogEvent`, narrowed by `type`)
 * in its envelope. Distributive, so `event.type === 'CallRequested'` narrows `event.data` too.
 */
export type RecordedEvent<Event extends LogEvent = LogEvent> = Event extends LogEvent ? Event & EventEnvelope : never;

/** An event as an adapter reads it, before it is known to be one of the domain's. */
export type StoredEvent = EventEnvelope & { type: string; data: object };

/**
 * The one place where a stored event becomes a typed one. This system writes only `LogEvent`s
 * (every append goes through a decider), so the store's rows are trusted to be one of them; an
 * event of a type this version does not know reaches readers as such and each ignores it.
 */
export const asRecordedEvent = (stored: StoredEvent): RecordedEvent => stored as RecordedEvent;

/** `no_stream` creates, `stream_exists` requires, a number is the exact revision of the last event. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export type AppendResult = { nextExpectedRevision: number; position: number };

export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${streamName}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

export type ReadAllOptions = {
  /** Exclusive: events with a position greater than this one. 0 reads from the start. */
  after?: number;
  maxCount?: number;
};

export interface EventStore {
  appendToStream(streamName: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** The stream's events in order, or `[]` when the stream does not exist. */
  readStream(streamName: string, options?: { fromRevision?: number }): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the newest event in the log, 0 when empty. */
  headPosition(): Promise<number>;
  /**
   * Wake-up signal: the listener is called (with the new head, at the latest shortly) after events
   * were appended, by this process or another one sharing the store. Returns an unsubscribe function.
   */
  onAppended(listener: (headPosition: number) => void): () => void;
  /** True when the store answers; used by readiness probes. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const EVENT_STORE: Token<EventStore> = token('EventStore');
