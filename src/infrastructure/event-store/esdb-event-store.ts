import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  excludeSystemEvents,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type ReadPosition,
} from '@eventstore/db-client';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, RecordedEvent } from '../../application/ports/event-store.js';
import {
  MissingPositionError,
  isMissingStream,
  isSystemEvent,
  positionOf,
  selectPage,
  toEsdbExpectedRevision,
  toEventData,
  toGlobalPosition,
  toPortError,
  toReadPosition,
  toRecordedEvent,
} from './esdb-mapping.js';

export type EsdbEventStoreOptions = {
  logger?: { warn: (details: object, message: string) => void };
  /** How long the readiness ping may wait for an answer, in ms. */
  pingTimeoutMs?: number;
};

/** The readiness probe got no answer in time. */
export class PingTimeoutError extends Error {
  override readonly name = 'PingTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`EventStoreDB did not answer within ${timeoutMs} ms`);
  }
}

const HEAD_PAGE = 32;
const MAX_RESUBSCRIBE_DELAY_MS = 5_000;

const collect = async <T>(read: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  // Never break out early: leaving a client read half-consumed does not cancel its gRPC call.
  for await (const item of read) items.push(item);
  return items;
};

/**
 * The EventStore port on EventStoreDB 22.10+ (older servers leave positions off stream reads).
 * Global positions are commit positions; see esdb-mapping.ts for why a number is safe and why
 * `{commit: after, prepare: after}` plus skipping the event at `after` gives exclusive reads.
 */
export class EsdbEventStore implements EventStore {
  /** Public so the competing-consumer helper shares this process's one gRPC channel. */
  readonly client: EventStoreDBClient;
  private readonly listeners = new Set<(headPosition: number) => void>();
  private subscription: AllStreamSubscription | undefined;
  private resubscribeTimer: NodeJS.Timeout | undefined;
  private drops = 0;
  private lastNotified = 0;
  private closed = false;

  constructor(
    connection: string | EventStoreDBClient,
    private readonly options: EsdbEventStoreOptions = {},
  ) {
    this.client = typeof connection === 'string' ? EventStoreDBClient.connectionString(connection) : connection;
  }

  async appendToStream(streamName: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    const result = await this.client
      .appendToStream(streamName, events.map(toEventData), { expectedRevision: toEsdbExpectedRevision(expected) })
      .catch((error: unknown) => {
        throw toPortError(error, streamName, expected);
      });
    if (!result.position) throw new MissingPositionError(events.at(-1)!.eventId);
    // The append answers with its last event's position (each event is its own commit).
    const position = toGlobalPosition(result.position.commit);
    // Our own appends wake local listeners at once, without waiting for the subscription's echo.
    this.notify(position);
    return { nextExpectedRevision: Number(result.nextExpectedRevision), position };
  }

  async readStream(streamName: string, options: { fromRevision?: number } = {}): Promise<RecordedEvent[]> {
    const read = this.client.readStream(streamName, { fromRevision: BigInt(options.fromRevision ?? 0), direction: FORWARDS });
    const resolved = await collect(read).catch((error: unknown) => {
      if (isMissingStream(error)) return [];
      throw error;
    });
    return resolved.flatMap((entry) => (entry.event ? [toRecordedEvent(entry.event)] : []));
  }

  /**
   * The client (6.x) cannot filter a plain $all read on the server, so system events are dropped
   * here; a page that was all system events must not look like the end of the log, hence the loop.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? 1000;
    const events: RecordedEvent[] = [];
    if (maxCount <= 0) return events;
    let after = options.after ?? 0;
    for (;;) {
      // +1: a forward read from an event's position returns that event too, and we drop it.
      const requested = maxCount - events.length + (after > 0 ? 1 : 0);
      const fromPosition: ReadPosition = after > 0 ? toReadPosition(after) : START;
      const page = await collect(this.client.readAll({ fromPosition, direction: FORWARDS, maxCount: requested }));
      const selected = selectPage(page, after);
      events.push(...selected.events.slice(0, maxCount - events.length));
      if (page.length < requested || events.length >= maxCount || selected.lastPosition === undefined) return events;
      after = selected.lastPosition;
    }
  }

  /** Newest non-system event; backwards reads exclude the event at `fromPosition`, so pages chain. */
  async headPosition(): Promise<number> {
    let fromPosition: ReadPosition = END;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collect(this.client.readAll({ fromPosition, direction: BACKWARDS, maxCount: HEAD_PAGE }));
      const newest = page.find((entry) => entry.event && !isSystemEvent(entry.event))?.event;
      if (newest) return positionOf(newest);
      const oldest = page.at(-1)?.event;
      if (page.length < HEAD_PAGE || !oldest) return 0;
      fromPosition = oldest.position;
    }
  }

  onAppended(listener: (headPosition: number) => void): () => void {
    this.listeners.add(listener);
    if (!this.subscription && !this.resubscribeTimer) this.subscribe();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopWakeUps();
    };
  }

  /**
   * One live subscription per process, whatever the number of listeners. Every confirmation
   * (first or after a drop) re-reads the head: an append landing while the subscription was
   * being (re)established would otherwise never wake anyone.
   */
  private subscribe(): void {
    this.resubscribeTimer = undefined;
    if (this.closed || this.listeners.size === 0) return;
    const subscription = this.client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
    this.subscription = subscription;
    const dropped = (error?: Error) => {
      if (this.subscription !== subscription) return; // closed on purpose, or already handled
      this.subscription = undefined;
      const delay = Math.min(100 * 2 ** this.drops, MAX_RESUBSCRIBE_DELAY_MS);
      this.drops += 1;
      this.options.logger?.warn({ err: error, delay }, 'EventStoreDB wake-up subscription dropped; resubscribing');
      this.resubscribeTimer = setTimeout(() => this.subscribe(), delay).unref();
    };
    subscription
      .on('confirmation', () => {
        this.drops = 0;
        this.headPosition().then(
          (head) => this.notify(head),
          (error: unknown) => this.options.logger?.warn({ err: error }, 'head position after subscribing failed'),
        );
      })
      .on('data', (entry: AllStreamResolvedEvent) => {
        if (entry.event && !isSystemEvent(entry.event)) this.notify(positionOf(entry.event));
      })
      .on('error', dropped)
      .on('close', () => dropped());
  }

  private stopWakeUps(): void {
    clearTimeout(this.resubscribeTimer);
    this.resubscribeTimer = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    // A subscription whose connection never came up rejects here; its 'error' was already logged.
    subscription?.unsubscribe().catch((error: unknown) => this.options.logger?.warn({ err: error }, 'unsubscribe failed'));
  }

  /** Monotonic: the subscription's echo of an append we already announced wakes nobody twice. */
  private notify(head: number): void {
    if (head <= this.lastNotified) return;
    this.lastNotified = head;
    for (const listener of [...this.listeners]) listener(head);
  }

  /**
   * The client pins reads to an infinite gRPC deadline (its own `deadline: Infinity` wins over
   * the caller's), so the probe brings its own timer and abandons the read when it fires.
   */
  async ping(): Promise<boolean> {
    const timeoutMs = this.options.pingTimeoutMs ?? 2_000;
    const read = this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 });
    const timer = setTimeout(() => read.destroy(new PingTimeoutError(timeoutMs)), timeoutMs);
    await collect(read).finally(() => clearTimeout(timer));
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.stopWakeUps();
    await this.client.dispose();
  }
}
