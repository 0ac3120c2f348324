import { SingleBar, Presets } from 'cli-progress';
import { Command } from 'commander';
import { pino } from 'pino';
import type { Projection, ReadModelDocument } from '../../projections/projection.js';
import { READ_MODELS, readModelNamed } from '../../projections/read-models.js';
import { projectionStatus, rebuildProjections } from '../../projections/rebuild.js';
import { existsSync } from 'node:fs';
import { type Config, ConfigError, loadConfig } from '../config/config.js';
import { buildVersion } from '../build-info.js';
import { compareWithRebuild } from './compare-with-rebuild.js';
import { registerDeadLetterCommands } from './dead-letter-commands.js';
import { backupDataDir, restoreDataDir } from '../sqlite/backup.js';
import { openPersonalDataKeys, openProtectedEventStore, openReadStore } from '../composition/open-stores.js';

/** Opens only the two stores the read side needs, against the same configuration as the server. */
const withStores = async <T>(work: (stores: Awaited<ReturnType<typeof openStores>>) => Promise<T>): Promise<T> => {
  const stores = await openStores();
  try {
    return await work(stores);
  } finally {
    await stores.readStore.close();
    await stores.eventStore.close();
    await stores.keys.close();
  }
};

/** A failure the operator fixes (a setting, a store): one line and exit code 2, no stack trace. */
class CliError extends Error {
  override readonly name = 'CliError';
}

/** The embedded stores are files in DATA_DIR: a missing directory is a mistake, not an empty system. */
const requireDataDir = (config: Config) => {
  if ((!config.EVENTSTORE_URL || !config.MONGO_URL) && !existsSync(config.DATA_DIR)) {
    throw new CliError(`DATA_DIR ${config.DATA_DIR} does not exist: nothing to read (set DATA_DIR to the server's data directory)`);
  }
};

const openStores = async () => {
  const config = loadConfig();
  requireDataDir(config);
  try {
    const keys = openPersonalDataKeys(config);
    return { eventStore: openProtectedEventStore(config, pino({ level: 'warn' }), keys), readStore: await openReadStore(config, keys, 'tool'), keys };
  } catch (error) {
    throw new CliError(`cannot open the stores: ${error instanceof Error ? error.message : String(error)}`);
  }
};

const program = new Command('taxi')
  .description('Operations on the taxi dispatch stores (configured by the same environment as the server)')
  .version(buildVersion());
const chosenModels = (name: string | undefined, all: boolean): Array<Projection<ReadModelDocument>> => {
  if (all) return [...READ_MODELS];
  if (!name)
    return program.error(`${rebuild.helpInformation()}\nName a read model (${READ_MODELS.map((p) => p.name).join(', ')}) or pass --all.`, {
      exitCode: 2,
    });
  const projection = name ? readModelNamed(name) : undefined;
  if (!projection)
    return program.error(`Unknown read model "${name ?? ''}". Known: ${READ_MODELS.map((p) => p.name).join(', ')} (or --all)`, { exitCode: 2 });
  return [projection];
};

const projections = program.command('projections').description('Read models built from the event log');

projections
  .command('status')
  .description('checkpoint, head position and lag of every read model')
  .option('--json', 'print JSON instead of a table')
  .action((options: { json?: boolean }) =>
    withStores(async (stores) => {
      const status = await projectionStatus(READ_MODELS, stores);
      if (options.json) console.log(JSON.stringify(status, null, 2));
      else console.table(status);
    }),
  );

const rebuild = projections
  .command('rebuild')
  .argument('[name]', 'read model to rebuild')
  .option('--all', 'rebuild every read model')
  .description('rebuild from the full history into a shadow copy, then switch over; the API keeps serving meanwhile')
  .action((name: string | undefined, options: { all?: boolean }) => {
    const models = chosenModels(name, Boolean(options.all));
    return withStores(async (stores) => {
      const names = models.map((projection) => projection.name).join(', ');
      const bar = new SingleBar(
        {
          format: `rebuilding ${names} [{bar}] {percentage}% | {value}/{total} | {rate} events/s`,
          hideCursor: true,
          noTTYOutput: true,
          notTTYSchedule: 1_000,
        },
        Presets.shades_classic,
      );
      bar.start(Math.max(1, await stores.eventStore.headPosition()), 0, { rate: 0 });
      const started = performance.now();
      const result = await rebuildProjections(models, stores, ({ position, head, events }) => {
        bar.setTotal(head);
        bar.update(position, { rate: Math.round(events / ((performance.now() - started) / 1000)) });
      });
      bar.stop();
      console.log(
        `${result.projections.join(', ')}: ${result.events} events in ${result.seconds.toFixed(1)} s — ${Math.round(result.events / Math.max(result.seconds, 0.001))} events/s`,
      );
    });
  });

projections
  .command('verify')
  .description('compare every live read model with a fresh rebuild into a scratch store (read only); exit 1 when they differ')
  .option('--json', 'print JSON instead of a table')
  .action((options: { json?: boolean }) =>
    withStores(async (stores) => {
      const result = await compareWithRebuild(READ_MODELS, stores);
      if (options.json) console.log(JSON.stringify(result, null, 2));
      else console.table(result.models.map(({ model, live, rebuilt, equal }) => ({ model, live, rebuilt, equal })));
      if (!result.equal) process.exitCode = 1;
    }),
  );

projections
  .command('list')
  .description('the read models this version maintains')
  .action(() => console.table(READ_MODELS.map(({ name, collection }) => ({ name, collection }))));

registerDeadLetterCommands(program);

program
  .command('backup')
  .argument('<dir>', 'a new, empty directory')
  .description('copy the embedded SQLite stores of DATA_DIR while the server keeps serving (SQLite online backup)')
  .action(async (dir: string) => {
    const manifest = await backupDataDir(loadConfig().DATA_DIR, dir);
    console.table(manifest.files);
    console.log(`backup of ${manifest.files.length} files in ${dir} (${manifest.createdAt})`);
  });

program
  .command('restore')
  .argument('<dir>', 'a directory written by `backup`')
  .option('--force', 'replace the stores DATA_DIR already holds')
  .description('put a backup in place as DATA_DIR; stop the server first')
  .action((dir: string, options: { force?: boolean }) => {
    const dataDir = loadConfig().DATA_DIR;
    const manifest = restoreDataDir(dir, dataDir, { force: Boolean(options.force) });
    console.log(
      `restored ${manifest.files.length} files of the backup of ${manifest.createdAt} into ${dataDir}; start the server: the projector catches up from there`,
    );
  });

try {
  await program.parseAsync();
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof CliError)) throw error;
  console.error(`taxi: ${error.message.replace(/\n\s*/g, ' ')}`);
  process.exit(2);
}
