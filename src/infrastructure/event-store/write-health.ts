import {
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  WrongExpectedRevisionError,
} from '../../application/ports/event-store.js';
import { DelegatingEventStore } from './delegating-event-store.js';

export type WriteHealthStatus = { ok: boolean; consecutiveFailures: number; lastFailureAt: string | null; lastError: string | null };

/**
 * Whether the event store takes writes. A store may answer reads (and its ping) while refusing
 * every append (a full disk, a read-only replica): then each command answers 503 while the
 * pod still looks ready. Writes count as failing from a failed append until one succeeds; after
 * `windowMs` without a new failure they count as unknown-but-ok again, so a replica that got no
 * traffic because it was not ready is offered traffic again and finds out.
 */
export class WriteHealth {
  private consecutiveFailures = 0;
  private lastFailureAt: number | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly windowMs = 10_000,
    private readonly onFailure: () => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  succeeded(): void {
    this.consecutiveFailures = 0;
  }

  failed(error: unknown): void {
    this.consecutiveFailures += 1;
    this.lastFailureAt = this.now();
    this.lastError = error instanceof Error ? error.message : String(error);
    this.onFailure();
  }

  status(): WriteHealthStatus {
    const recent = this.lastFailureAt !== null && this.now() - this.lastFailureAt <= this.windowMs;
    return {
      ok: this.consecutiveFailures === 0 || !recent,
      consecutiveFailures: this.consecutiveFailures,
      lastFailureAt: this.lastFailureAt === null ? null : new Date(this.lastFailureAt).toISOString(),
      lastError: this.lastError,
    };
  }
}

/** The event store, telling `health` how each append went; a version conflict is an answer, not a failure. */
export class WriteHealthEventStore extends DelegatingEventStore {
  constructor(
    inner: EventStore,
    private readonly health: WriteHealth,
  ) {
    super(inner);
  }

  override async appendToStream(streamName: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    try {
      const result = await this.inner.appendToStream(streamName, events, expectedRevision);
      this.health.succeeded();
      return result;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) this.health.succeeded();
      else this.health.failed(error);
      throw error;
    }
  }
}
