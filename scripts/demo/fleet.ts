import { setMaxListeners } from 'node:events';
import type { Transport } from './driver-channel.js';
import { DemoHttp } from './http.js';
import { type FleetReport, Taxi, type TaxiOptions } from './taxi.js';
import { type Tally, emptyTally, recordException } from './tally.js';

/** A slice of the city's taxis: `count` of them from `firstIndex`, in this process. */
export type FleetOptions = TaxiOptions & { url: string; firstIndex: number; count: number; transport: Transport };

/** Taxis signing in at once: enough to fill the fleet quickly, few enough not to swamp the server. */
const SIGN_IN_CONCURRENCY = 32;

/** Runs `work` over `items`, at most `limit` at a time. */
export const inParallel = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>) => {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
};

/**
 * The fleet's life in three calls: `drive` until the signal stops it, then `finishDriving` (a
 * taxi on the road finishes its ride where it is), then, once the run has cleared the rides still
 * DISPATCHED, `goOffline`.
 */
export class Fleet {
  readonly tally: Tally = emptyTally();
  private readonly taxis: Taxi[] = [];
  private driving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: FleetOptions,
    private readonly report: FleetReport,
  ) {}

  async drive(signal: AbortSignal) {
    setMaxListeners(this.options.count + 10, signal);
    const http = new DemoHttp(this.options.url.replace(/\/$/, ''));
    const context = { http, transport: this.options.transport, options: this.options, tally: this.tally, report: this.report, signal };
    const indexes = Array.from({ length: this.options.count }, (_, i) => this.options.firstIndex + i);
    const loops: Array<Promise<void>> = [];
    await inParallel(indexes, SIGN_IN_CONCURRENCY, async (index) => {
      if (signal.aborted) return;
      const taxi = new Taxi(index, context);
      try {
        if (!(await taxi.signIn(index))) return;
        this.taxis.push(taxi);
        loops.push(taxi.drive());
      } catch (error) {
        recordException(this.tally, `taxi ${index}`, error);
      }
    });
    this.driving = Promise.all(loops);
    await this.driving;
  }

  async finishDriving() {
    await this.driving;
    await inParallel(this.taxis, SIGN_IN_CONCURRENCY, (taxi) =>
      taxi.finishDriving().catch((error: unknown) => recordException(this.tally, 'finish', error)),
    );
  }

  async goOffline() {
    await inParallel(this.taxis, SIGN_IN_CONCURRENCY, (taxi) =>
      taxi.goOffline().catch((error: unknown) => recordException(this.tally, 'offline', error)),
    );
  }
}
