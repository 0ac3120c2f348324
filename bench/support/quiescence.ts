import { checkpointNames } from '../../src/application/ports/checkpoint-store.js';
import { join } from 'node:path';
import { rideLifecycle } from '../../src/application/processes/ride-lifecycle.process.js';
import { READ_MODELS } from '../../src/projections/read-models.js';
import { SqliteCheckpointStore } from '../../src/infrastructure/checkpoints/sqlite-checkpoint-store.js';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store.js';
import { sleep } from './measure.js';

/** `behind`: the slowest read model; `lifecycleBehind`: the ride lifecycle saga (call statuses). */
export type Backlog = { head: number; behind: number; lifecycleBehind: number };

/**
 * The read side of a server running on `dataDir`, watched from outside through its SQLite files
 * (WAL lets this process read while the server writes): how far the slowest read model and the
 * ride lifecycle saga are behind the head of the log, and a wait until both have caught up and
 * the log has stopped growing.
 */
export const readSideOf = (dataDir: string) => {
  const eventStore = new SqliteEventStore(join(dataDir, 'events.db'));
  const readStore = new SqliteReadStore(join(dataDir, 'read-models.db'));
  const consumers = new SqliteCheckpointStore(join(dataDir, 'checkpoints.db'));
  const backlog = async (): Promise<Backlog> => {
    const head = await eventStore.headPosition();
    const checkpoints = await Promise.all(READ_MODELS.map((projection) => readStore.getCheckpoint(checkpointNames.readModel(projection.name))));
    const lifecycle = await consumers.getCheckpoint(`process:${rideLifecycle.name}`);
    return { head, behind: head - Math.min(...checkpoints), lifecycleBehind: head - lifecycle };
  };
  return {
    backlog,
    /** Resolves with the milliseconds it took, or null if still behind after `timeoutMs`. */
    quiet: async (timeoutMs: number): Promise<number | null> => {
      const started = Date.now();
      let last = -1;
      while (Date.now() - started < timeoutMs) {
        const { head, behind, lifecycleBehind } = await backlog();
        if (behind === 0 && lifecycleBehind === 0 && head === last) return Date.now() - started;
        last = head;
        await sleep(250);
      }
      return null;
    },
    close: async () => {
      await readStore.close();
      consumers.close();
      await eventStore.close();
    },
  };
};
