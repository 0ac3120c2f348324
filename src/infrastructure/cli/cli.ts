import { SingleBar, Presets } from 'cli-progress';
import { Command } from 'commander';
import { pino } from 'pino';
import type { Projection, ReadModelDocument } from '../../projections/projection.js';
import { READ_MODELS, readModelNamed } from '../../projections/read-models.js';
import { projectionStatus, rebuildProjections } from '../../projections/rebuild.js';
import { loadConfig } from '../config/config.js';
import { openEventStore, openReadStore } from '../composition-root.js';

/** Opens only the two stores the read side needs, against the same configuration as the server. */
const withStores = async <T>(work: (stores: Awaited<ReturnType<typeof openStores>>) => Promise<T>): Promise<T> => {
  const stores = await openStores();
  try {
    return await work(stores);
  } finally {
    await stores.readStore.close();
    await stores.eventStore.close();
  }
};

const openStores = async () => {
  const config = loadConfig();
  return { eventStore: openEventStore(config, pino({ level: 'warn' })), readStore: await openReadStore(config, 'tool') };
};

const program = new Command('taxi').description('Operations on the taxi dispatch stores (configured by the same environment as the server)');
const chosenModels = (name: string | undefined, all: boolean): Array<Projection<ReadModelDocument>> => {
  if (all) return [...READ_MODELS];
  const projection = name ? readModelNamed(name) : undefined;
  if (!projection) return program.error(`Unknown read model "${name ?? ''}". Known: ${READ_MODELS.map((p) => p.name).join(', ')} (or --all)`, { exitCode: 2 });
  return [projection];
};

const projections = program.command('projections').description('Read models built from the event log');

projections
  .command('status')
  .description('checkpoint, head position and lag of every read model')
  .action(() => withStores(async (stores) => console.table(await projectionStatus(READ_MODELS, stores))));

projections
  .command('rebuild')
  .argument('[name]', 'read model to rebuild')
  .option('--all', 'rebuild every read model')
  .description('rebuild from the full history into a shadow copy, then switch over; the API keeps serving meanwhile')
  .action((name: string | undefined, options: { all?: boolean }) => {
    const models = chosenModels(name, Boolean(options.all));
    return withStores(async (stores) => {
      const names = models.map((projection) => projection.name).join(', ');
      const bar = new SingleBar({ format: `rebuilding ${names} [{bar}] {percentage}% | {value}/{total} | {rate} events/s`, hideCursor: true, noTTYOutput: true, notTTYSchedule: 1_000 }, Presets.shades_classic);
      bar.start(Math.max(1, await stores.eventStore.headPosition()), 0, { rate: 0 });
      const started = performance.now();
      const result = await rebuildProjections(models, stores, ({ position, head, events }) => {
        bar.setTotal(head);
        bar.update(position, { rate: Math.round(events / ((performance.now() - started) / 1000)) });
      });
      bar.stop();
      console.log(`${result.projections.join(', ')}: ${result.events} events in ${result.seconds.toFixed(1)} s — ${Math.round(result.events / Math.max(result.seconds, 0.001))} events/s`);
    });
  });

projections
  .command('list')
  .description('the read models this version maintains')
  .action(() => console.table(READ_MODELS.map(({ name, collection }) => ({ name, collection }))));

await program.parseAsync();
