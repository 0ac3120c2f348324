import type { Logger } from 'pino';
import type { Ping } from '../../../application/driver/report-location.js';
import type { DriverPosition } from '../../../application/ports/driver-positions.js';

/** What the channel counts: pings by outcome, and how long a ping took from the app (its `at`) to the index. */
export type ChannelObserver = {
  pinged(outcome: 'accepted' | 'dropped' | 'refused', count?: number): void;
  visibleAfter(seconds: number): void;
};

/** A ping waiting for its batch, and whom to tell if it is refused (the sender, not a closure per ping: pings are the hot path). */
export type GatheredPing = Ping & { from: { refused(error: Error): void } };

/**
 * The channels' pings of one turn of the event loop, reported together (`reportLocations`: one
 * write of the positions, one of the track points, then the index): a ping costs a push here
 * instead of a promise chain and a transaction of its own. A ping is answered only when refused.
 */
export class PingGatherer {
  private pending: GatheredPing[] = [];
  private scheduled = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly report: (pings: readonly Ping[]) => Promise<Array<DriverPosition | Error>>,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly observer?: ChannelObserver,
  ) {}

  add(ping: GatheredPing): void {
    this.pending.push(ping);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Reports what is gathered and waits for every batch in flight (on shutdown). */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all(this.inFlight);
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const reporting = this.report(batch).then(
      (answers) => this.answered(batch, answers),
      (error: unknown) => {
        this.logger.warn({ err: error, pings: batch.length }, 'channel pings not stored');
        this.observer?.pinged('refused', batch.length);
        for (const ping of batch) ping.from.refused(error instanceof Error ? error : new Error(String(error)));
      },
    );
    this.inFlight.add(reporting);
    void reporting.finally(() => this.inFlight.delete(reporting));
  }

  private answered(batch: GatheredPing[], answers: Array<DriverPosition | Error>): void {
    const now = Date.now();
    let accepted = 0;
    answers.forEach((answer, i) => {
      const ping = batch[i]!;
      if (answer instanceof Error) return ping.from.refused(answer);
      accepted += 1;
      if (ping.at) this.observer?.visibleAfter(Math.max(0, now - ping.at.getTime()) / 1_000);
    });
    this.observer?.pinged('accepted', accepted);
    if (accepted < batch.length) this.observer?.pinged('refused', batch.length - accepted);
  }
}
