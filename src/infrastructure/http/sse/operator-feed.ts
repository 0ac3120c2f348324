import type { DriverPositions } from '../../../application/ports/driver-positions.js';
import type { RecordedEvent } from '../../../application/ports/event-store.js';

/** What an operator's page shows, as far as a change of it can be told from the log or the pings. */
export const OPERATOR_TOPICS = ['calls', 'drivers', 'payments'] as const;
export type OperatorTopic = (typeof OPERATOR_TOPICS)[number];

// By the stream's category (the part of its name before the first dash): a call's four streams
// change its dashboard row; a dispatch also makes a driver busy or free; a driver's stream is its
// status and ride types.
const TOPICS_BY_CATEGORY: Readonly<Record<string, readonly OperatorTopic[]>> = {
  call: ['calls'],
  dispatch: ['calls', 'drivers'],
  driving: ['calls', 'drivers'],
  payment: ['calls', 'payments'],
  rating: ['calls'],
  driver: ['drivers'],
};

/** The parts of the operator's page an event changes (none for, say, a tariff or an erasure key). */
export const topicsOf = (event: Pick<RecordedEvent, 'streamName'>): readonly OperatorTopic[] =>
  TOPICS_BY_CATEGORY[event.streamName.slice(0, event.streamName.indexOf('-'))] ?? [];

export type OperatorFeedOptions = {
  /** Changes within this window reach the page as one message: a busy city is not a message per event. */
  coalesceMs: number;
  /** How often the last pings are looked at: a taxi that moved changes the map without an event. */
  positionsEveryMs: number;
  now?: () => Date;
};

/**
 * Tells an operator's page which of its lists changed, so the page asks for them again only then:
 * an idle page sends no request at all. What changed comes from the log (through the process's one
 * tail) and, for positions, from `changedSince` on the driver positions (pings are not events).
 */
export class OperatorFeed {
  private pending = new Set<OperatorTopic>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly positionsTimer: NodeJS.Timeout;
  private positionsSince: string;
  private checking = false;

  constructor(
    private readonly positions: Pick<DriverPositions, 'changedSince'>,
    private readonly send: (topics: OperatorTopic[]) => void,
    private readonly options: OperatorFeedOptions,
  ) {
    this.positionsSince = this.now().toISOString();
    this.positionsTimer = setInterval(() => void this.checkPositions(), options.positionsEveryMs);
    this.positionsTimer.unref();
  }

  /** Events from the log tail, in order. */
  observe(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      const topics = topicsOf(event);
      if (topics.length === 0) continue;
      this.note(topics);
    }
  }

  stop(): void {
    clearTimeout(this.flushTimer);
    clearInterval(this.positionsTimer);
  }

  private note(topics: readonly OperatorTopic[]): void {
    for (const topic of topics) this.pending.add(topic);
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.coalesceMs);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const topics = OPERATOR_TOPICS.filter((topic) => this.pending.has(topic));
    this.pending.clear();
    if (topics.length > 0) this.send(topics);
  }

  private async checkPositions(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    const since = this.positionsSince;
    this.positionsSince = this.now().toISOString();
    try {
      if ((await this.positions.changedSince(since)).length > 0) this.note(['drivers']);
    } catch {
      // A store that does not answer skips one look; the next one covers the same pings.
      this.positionsSince = since;
    } finally {
      this.checking = false;
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
