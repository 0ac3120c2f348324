import { deepFreeze } from '../../application/deep-freeze.js';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, RecordedEvent } from '../../application/ports/event-store.js';

export type SharedTailReaderOptions = {
  /** How many of the newest events are kept for the process's consumers (up to half as many again between trims). */
  maxEvents?: number;
};

/**
 * One reader of the log's tail for every consumer in the process. A process following the log
 * runs about ten consumers (four projections, the sagas, auto-dispatch, the driver index, the
 * live streams), and right after an append they all ask for the same few new events: without
 * this each of them would read and JSON-parse every event once more. Here the first one reads
 * the store and the rest are answered from memory.
 *
 * What is kept is one window `(coveredAfter, lastPosition]` known to be exactly the log there —
 * positions may have gaps (EventStoreDB's commit positions always do), so only what a read
 * returned, contiguous with what was kept, is ever added. Reads outside the window (a consumer
 * catching up from far behind, a rebuild) go to the store and leave the window as it is.
 * Events handed out are shared, so they are frozen: a consumer that changed one would change
 * it for all the others. A consumer at the end of the window is answered from memory while the
 * store has announced no newer head, which spares the empty read every consumer makes after
 * each batch.
 */
export class SharedTailReader implements EventStore {
  private window: RecordedEvent[] = [];
  /** Exclusive lower bound of the window; nothing kept until the first read. */
  private coveredAfter = Number.NaN;
  /** The head the store last announced; unknown (never reached) until it announces one. */
  private announcedHead = Number.POSITIVE_INFINITY;
  private readonly maxEvents: number;
  private readonly stopListening: () => void;

  constructor(
    private readonly store: EventStore,
    options: SharedTailReaderOptions = {},
  ) {
    this.maxEvents = options.maxEvents ?? 10_000;
    // Registered before any consumer, so the head is known here before they are woken to read.
    this.stopListening = store.onAppended((head) => this.announced(head));
  }

  private announced(head: number): void {
    this.announcedHead = Number.isFinite(this.announcedHead) ? Math.max(this.announcedHead, head) : head;
  }

  private get lastPosition(): number {
    return this.window.at(-1)?.position ?? this.coveredAfter;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? 1000;
    if (!(after >= this.coveredAfter && after <= this.lastPosition)) {
      const events = (await this.store.readAll({ after, maxCount })).map(deepFreeze);
      // Nothing kept yet, or the consumers moved on past the window: start a new one here.
      if (Number.isNaN(this.coveredAfter) || after > this.lastPosition) this.restart(after, events);
      return events;
    }
    const kept = this.keptAfter(after, maxCount);
    // Nothing newer was announced: the consumers woken by the last append have all they need, and
    // whatever is appended next is announced (and wakes them) before anyone reads for it.
    if (kept.length === maxCount || this.lastPosition >= this.announcedHead) return kept;
    const from = this.lastPosition;
    const newer = (await this.store.readAll({ after: from, maxCount: maxCount - kept.length })).map(deepFreeze);
    // Another reader may have extended the window meanwhile; add only what still continues it.
    if (from === this.lastPosition) this.extend(newer);
    return [...kept, ...newer];
  }

  private keptAfter(after: number, maxCount: number): RecordedEvent[] {
    let low = 0;
    let high = this.window.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.window[middle]!.position <= after) low = middle + 1;
      else high = middle;
    }
    return this.window.slice(low, low + maxCount);
  }

  private restart(after: number, events: RecordedEvent[]): void {
    this.window = [];
    this.coveredAfter = after;
    this.extend(events);
  }

  private extend(events: RecordedEvent[]): void {
    if (events.length === 0) return;
    this.window.push(...events);
    // Trimmed by half a window at a time: cutting the oldest few off a full window after every
    // batch moved all ten thousand entries each time (1 % of a command's CPU in a profile).
    const excess = this.window.length - this.maxEvents;
    if (excess > this.maxEvents / 2) {
      this.coveredAfter = this.window[excess - 1]!.position;
      this.window.splice(0, excess);
    }
  }

  appendToStream(streamName: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.store.appendToStream(streamName, events, expectedRevision);
  }

  readStream(streamName: string, options?: { fromRevision?: number }): Promise<RecordedEvent[]> {
    return this.store.readStream(streamName, options);
  }

  async headPosition(): Promise<number> {
    const head = await this.store.headPosition();
    this.announced(head);
    return head;
  }

  onAppended(listener: (headPosition: number) => void): () => void {
    return this.store.onAppended(listener);
  }

  ping(): Promise<boolean> {
    return this.store.ping();
  }

  close(): Promise<void> {
    this.stopListening();
    return this.store.close();
  }
}
