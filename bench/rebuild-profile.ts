import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { rebuildProjections } from '../src/projections/rebuild.js';
import { READ_MODELS } from '../src/projections/read-models.js';
import { SqliteEventStore } from '../src/infrastructure/event-store/sqlite-event-store.js';
import { SqliteReadStore } from '../src/infrastructure/read-store/sqlite-read-store.js';
import { bulkLoad } from './support/bulk-load.js';
import { rideEventSupply } from './support/ride-events.js';

/**
 * The rebuild alone, for a CPU profile: `node --cpu-prof --import tsx bench/rebuild-profile.ts DIR [events]`.
 * The log is built once into DIR/events.db and kept, so profiling runs only pay for the rebuild.
 */
const dir = process.argv[2] ?? '/tmp/taxi-rebuild-profile';
const events = Number(process.argv[3] ?? 1_000_000);
const log = join(dir, `events-${events}.db`);
if (!existsSync(log)) {
  process.stderr.write(`loading ${events} events into ${log}\n`);
  await bulkLoad(log, rideEventSupply(1_000), events);
}
rmSync(join(dir, 'read-models.db'), { force: true });
const eventStore = new SqliteEventStore(log);
const readStore = new SqliteReadStore(join(dir, 'read-models.db'), {
  backgroundCheckpoints: true,
  pageCacheMiB: Number(process.env.PAGE_CACHE_MIB ?? 64),
});
const started = process.cpuUsage();
const tuning = { batchSize: Number(process.env.BATCH ?? 100_000), maxDocumentsInMemory: Number(process.env.MAX_DOCS ?? 100_000) };
const result = await rebuildProjections(READ_MODELS, { eventStore, readStore }, undefined, tuning);
const cpu = process.cpuUsage(started);
process.stdout.write(
  `${result.events} events in ${result.seconds.toFixed(2)} s: ${Math.round(result.events / result.seconds)} events/s, ` +
    `cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB\n`,
);
await readStore.close();
await eventStore.close();
