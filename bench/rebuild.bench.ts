import { join } from 'node:path';
import { rebuildProjection, rebuildProjections } from '../src/projections/rebuild.js';
import { READ_MODELS } from '../src/projections/read-models.js';
import { SqliteEventStore } from '../src/infrastructure/event-store/sqlite-event-store.js';
import { SqliteReadStore } from '../src/infrastructure/read-store/sqlite-read-store.js';
import { type BenchOptions, type BenchRow, ratioRow } from './table.js';
import { progress, withScratchDir } from './support/measure.js';
import { bulkLoad } from './support/bulk-load.js';
import { rideEventSupply } from './support/ride-events.js';

const SECTION = '5 rebuild';

const TARGET = 100_000;

/**
 * `taxi projections rebuild --all` on a log of whole rides (1,000,000 events; `--quick` 100,000):
 * every read model rebuilt in one pass over the full log. The figure is log events per second of
 * wall time; the baseline is reading (and parsing) the same log without projecting it, in the
 * same run. With `--quick`, each model alone is shown for reference (on 1M events that would be
 * nine more full rebuilds).
 */
export const rebuildBench = async ({ quick }: BenchOptions): Promise<BenchRow[]> =>
  withScratchDir('rebuild', async (dir) => {
    const events = quick ? 100_000 : 1_000_000;
    progress(`rebuild: loading ${events.toLocaleString('en-US')} events`);
    await bulkLoad(join(dir, 'events.db'), rideEventSupply(1_000), events);
    const eventStore = new SqliteEventStore(join(dir, 'events.db'));
    // Opened as the CLI opens it (openReadStore in the composition root): checkpoints in a worker thread, a 64 MiB page cache.
    const readStore = new SqliteReadStore(join(dir, 'read-models.db'), { backgroundCheckpoints: true, pageCacheMiB: 64 });
    try {
      progress('rebuild: reading the whole log (baseline)');
      const scanStarted = performance.now();
      let scanned = 0;
      for (let after = 0; ;) {
        const batch = await eventStore.readAll({ after, maxCount: 5_000 });
        if (batch.length === 0) break;
        scanned += batch.length;
        after = batch.at(-1)!.position;
      }
      const scanRate = scanned / ((performance.now() - scanStarted) / 1000);
      const baseline = { value: scanRate, unit: 'events/s', name: 'read whole log' };

      progress('rebuild: all read models in one pass (rebuild --all)');
      const all = await rebuildProjections(READ_MODELS, { eventStore, readStore });
      const perModel: BenchRow[] = [];
      for (const projection of quick ? READ_MODELS : []) {
        progress(`rebuild: ${projection.name}`);
        const result = await rebuildProjection(projection, { eventStore, readStore });
        perModel.push(
          ratioRow(
            { section: SECTION, name: `  ${projection.name} alone`, value: result.events / result.seconds, unit: 'events/s', baseline, target: null },
            null,
          ),
        );
      }
      const label = `rebuild all ${READ_MODELS.length} read models from ${events.toLocaleString('en-US')} events (${all.seconds.toFixed(1)} s)`;
      const overall = all.events / all.seconds;
      return [
        {
          ...ratioRow(
            { section: SECTION, name: label, value: overall, unit: 'events/s', baseline, target: `≥ ${TARGET.toLocaleString('en-US')} events/s` },
            null,
          ),
          met: overall >= TARGET,
        },
        ...perModel,
      ];
    } finally {
      await readStore.close();
      await eventStore.close();
    }
  });
