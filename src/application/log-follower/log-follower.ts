import { EventEmitter } from 'node:events';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';

export type FollowerLogger = {
  warn: (details: object, message: string) => void;
  error: (details: object, message: string) => void;
};

export type LogFollowerOptions = {
  name: string;
  /** Where to resume: the last position this consumer durably handled (0 = from the start). */
  resumeFrom: () => Promise<number>;
  /** Handles a batch in order and durably records its last position before resolving. */
  handle: (events: RecordedEvent[]) => Promise<void>;
  batchSize?: number;
  /** Safety net: re-read even without a wake-up signal after this long. */
  idleRecheckMs?: number;
  /**
   * After a wake-up, wait this long before reading, so the appends of a busy moment arrive as one
   * batch (one transaction, one checkpoint) rather than one each. Adds at most this to the lag.
   */
  gatherMs?: number;
  logger: FollowerLogger;
};

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const DEFAULT_GATHER_MS = 5;

/**
 * The one way anything follows the global log — read models (ProjectionRunner), process managers,
 * the notifier, payment retries and compensation, auto-dispatch, the driver index, the live tail
 * behind SSE and the offer board. It resumes where `resumeFrom` says (its checkpoint, or a read
 * model's snapshot, or the head), catches up on everything missed while down, then waits for the
 * store's append signal (no polling delay). What differs between followers is only `handle`.
 * A failing batch is retried with backoff forever rather than skipped: a follower that skips an
 * event is silently wrong, one that stalls is visibly lagging (projection lag metric, status CLI).
 */
export class LogFollower {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private signalled = false;
  private rewindTarget: number | undefined;
  private readonly progress = new EventEmitter();
  private handledPosition = 0;
  private readonly onFailure = retry(handleAll, {
    maxAttempts: Number.MAX_SAFE_INTEGER,
    backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 5_000 }),
  });

  constructor(
    private readonly store: EventStore,
    private readonly options: LogFollowerOptions,
  ) {
    this.progress.setMaxListeners(0);
    this.onFailure.onRetry(({ delay, ...reason }) =>
      options.logger.warn({ subscription: options.name, delay, err: 'error' in reason ? reason.error : undefined }, 'batch failed; retrying'),
    );
  }

  get name(): string {
    return this.options.name;
  }

  /** The last position handled by this process (the durable checkpoint may be read elsewhere). */
  get position(): number {
    return this.handledPosition;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run().catch((error: unknown) => {
      this.options.logger.error({ subscription: this.options.name, err: error }, 'subscription stopped');
      this.running = false;
    });
  }

  /** Stops taking new batches; resolves once the batch in flight is handled and checkpointed. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /**
   * Called from inside `handle` when the durable checkpoint was moved back under us (a rebuilt
   * read model was swapped in): the batch is abandoned and reading resumes after `position`.
   */
  rewindTo(position: number): void {
    this.rewindTarget = position;
  }

  /** Resolves when this subscription has handled `position`, or false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.handledPosition >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), timeoutMs);
      const listener = (handled: number) => handled >= position && finish(true);
      const finish = (reached: boolean) => {
        clearTimeout(timer);
        this.progress.off('handled', listener);
        resolve(reached);
      };
      this.progress.on('handled', listener);
    });
  }

  private async run(): Promise<void> {
    this.handledPosition = await this.options.resumeFrom();
    const batchSize = this.options.batchSize ?? 500;
    const gatherMs = this.options.gatherMs ?? DEFAULT_GATHER_MS;
    const unsubscribe = this.store.onAppended(() => this.signal());
    try {
      while (this.running) {
        // Cleared before reading: an append that lands after the read still sets it again,
        // so the wait below cannot miss it.
        this.signalled = false;
        const batch = await this.store.readAll({ after: this.handledPosition, maxCount: batchSize });
        if (batch.length === 0) {
          if (!this.signalled) await this.waitForSignal();
          if (gatherMs > 0) await sleep(gatherMs);
          continue;
        }
        await this.onFailure.execute(() => this.options.handle(batch));
        if (this.rewindTarget !== undefined) {
          this.handledPosition = this.rewindTarget;
          this.rewindTarget = undefined;
          continue;
        }
        this.handledPosition = batch.at(-1)!.position;
        this.progress.emit('handled', this.handledPosition);
        // The embedded stores answer synchronously, so without this a consumer catching up would
        // run batch after batch in microtasks, and requests would wait until every consumer is done.
        await yieldToIo();
      }
    } finally {
      unsubscribe();
    }
  }

  private signal(): void {
    this.signalled = true;
    this.wake?.();
  }

  private waitForSignal(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), this.options.idleRecheckMs ?? 1_000);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
