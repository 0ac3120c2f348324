import { join } from 'node:path';
import { pino } from 'pino';
import { ProjectionRunner } from '../src/projections/projection-runner.js';
import { READ_MODELS } from '../src/projections/read-models.js';
import { SqliteEventStore } from '../src/infrastructure/event-store/sqlite-event-store.js';
import { SqliteReadStore } from '../src/infrastructure/read-store/sqlite-read-store.js';
import type { BenchOptions, BenchRow } from './table.js';
import { p50p99, percentile, progress, sleep, withScratchDir } from './support/measure.js';
import { bulkLoad } from './support/bulk-load.js';
import { rideEventSupply } from './support/ride-events.js';

const SECTION = '4 projection lag';
const RATE = 500;
const IDLE_MS = 5_000;

/**
 * Append → read-model-visible, in one process: the embedded stores and the projection runner
 * as the `all` role runs it (HTTP and the saga workers left out, so the figure is the read
 * side's own). Visible means every read model has committed the event's position: the runner
 * resolves `waitFor` only after its read-store transaction committed.
 */
export const projectionLagBench = async ({ quick }: BenchOptions): Promise<BenchRow[]> =>
  withScratchDir('lag', async (dir) => {
    const supply = rideEventSupply(200);
    // Taken without closing the generator, so the steady phase continues the same streams.
    const history = { [Symbol.iterator]: () => ({ next: () => supply.next() }) };
    progress('projection lag: loading history');
    await bulkLoad(join(dir, 'events.db'), history, quick ? 20_000 : 100_000);
    const eventStore = new SqliteEventStore(join(dir, 'events.db'));
    const readStore = new SqliteReadStore(join(dir, 'read-models.db'));
    const logger = pino({ level: 'silent' });
    const runner = new ProjectionRunner(READ_MODELS, { eventStore, readStore, logger });
    try {
      runner.start();
      const head = await eventStore.headPosition();
      progress('projection lag: read models catching up on the history');
      await runner.waitFor(head, 300_000);

      const appendAndWatch = async () => {
        const { stream, event, revision } = supply.next().value!;
        const sent = performance.now();
        const { position } = await eventStore.appendToStream(stream, [event], revision === 0 ? 'no_stream' : revision - 1);
        const reached = await runner.waitFor(position, 10_000);
        if (!reached) throw new Error(`position ${position} not visible within 10 s`);
        return performance.now() - sent;
      };

      const seconds = quick ? 5 : 20;
      progress(`projection lag: ${RATE} events/s for ${seconds} s`);
      const total = RATE * seconds;
      const lags: Array<Promise<number>> = [];
      const started = performance.now();
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0.5) await sleep(wait);
        lags.push(appendAndWatch());
      }
      const steady = await Promise.all(lags);
      const achievedRate = total / ((performance.now() - started) / 1000);

      const idle: number[] = [];
      for (let round = 0; round < (quick ? 1 : 3); round++) {
        progress(`projection lag: ${IDLE_MS / 1000} s idle, then one event (${round + 1})`);
        await sleep(IDLE_MS);
        idle.push(await appendAndWatch());
      }
      const idleWorst = Math.max(...idle);
      const steadyP99 = percentile(steady, 0.99);
      return [
        // Checked: the lag figures below only mean "at 500 events/s" if the load really ran at that rate.
        {
          section: SECTION,
          name: `steady load: achieved rate (${READ_MODELS.length} read models)`,
          value: achievedRate,
          unit: 'events/s',
          target: `≥ ${RATE * 0.95} events/s (95 % of ${RATE} offered)`,
          met: achievedRate >= RATE * 0.95,
        },
        {
          section: SECTION,
          name: 'append → visible in every read model, p50 / p99',
          value: p50p99(steady),
          unit: 'ms',
          target: 'p99 < 100 ms',
          met: steadyP99 < 100,
        },
        { section: SECTION, name: 'append → visible, max under steady load', value: Math.max(...steady), unit: 'ms', target: null, met: null },
        {
          section: SECTION,
          name: `first event after ${IDLE_MS / 1000} s idle, worst of ${idle.length}`,
          value: idleWorst,
          unit: 'ms',
          target: '< 100 ms',
          met: idleWorst < 100,
        },
      ];
    } finally {
      await runner.stop();
      await readStore.close();
      await eventStore.close();
    }
  });
