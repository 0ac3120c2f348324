import { checkpointNames } from '../../../src/application/ports/checkpoint-store.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../../../src/application/ports/event-store.js';
import type { ReadDocument, ReadStore } from '../../../src/application/ports/read-store.js';
import { READ_MODELS } from '../../../src/projections/read-models.js';
import { rebuildProjection } from '../../../src/projections/rebuild.js';
import { SqliteReadStore } from '../../../src/infrastructure/read-store/sqlite-read-store.js';
import { sameDocuments } from './histories.js';

const byId = (a: ReadDocument, b: ReadDocument) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** True once every read model's checkpoint has reached the head of the log. */
export const readModelsCaughtUp = async (eventStore: EventStore, readStore: ReadStore): Promise<boolean> => {
  const head = await eventStore.headPosition();
  const checkpoints = await Promise.all(READ_MODELS.map((projection) => readStore.getCheckpoint(checkpointNames.readModel(projection.name))));
  return checkpoints.every((checkpoint) => checkpoint >= head);
};

export type RebuildComparison = { model: string; live: number; rebuilt: number; equal: boolean; firstDifference?: string };

/**
 * Converged means: what the live read models hold is exactly what a full rebuild from the log
 * produces. The rebuild runs into a scratch read store, so the live one is only read.
 */
export const compareWithRebuild = async (eventStore: EventStore, live: ReadStore): Promise<RebuildComparison[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'taxi-rebuild-check-'));
  const scratch = new SqliteReadStore(join(dir, 'read-models.db'));
  try {
    const results: RebuildComparison[] = [];
    for (const projection of READ_MODELS) {
      await rebuildProjection(projection, { eventStore, readStore: scratch });
      const liveDocs = (await live.find(projection.collection, {})).sort(byId);
      const rebuiltDocs = (await scratch.find(projection.collection, {})).sort(byId);
      const equal = sameDocuments(liveDocs, rebuiltDocs);
      const firstDifference = equal
        ? undefined
        : (() => {
            const index = liveDocs.findIndex((doc, i) => !sameDocuments([doc], [rebuiltDocs[i]]));
            return JSON.stringify({ live: liveDocs[index] ?? null, rebuilt: rebuiltDocs[index] ?? null }).slice(0, 600);
          })();
      results.push({
        model: projection.name,
        live: liveDocs.length,
        rebuilt: rebuiltDocs.length,
        equal,
        ...(firstDifference ? { firstDifference } : {}),
      });
    }
    return results;
  } finally {
    await scratch.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
