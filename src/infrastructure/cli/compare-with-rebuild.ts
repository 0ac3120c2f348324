import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { checkpointNames } from '../../application/ports/checkpoint-store.js';
import type { EventStore } from '../../application/ports/event-store.js';
import type { ReadDocument, ReadStore } from '../../application/ports/read-store.js';
import type { Projection, ReadModelDocument } from '../../projections/projection.js';
import { rebuildProjections } from '../../projections/rebuild.js';
import { SqliteReadStore } from '../read-store/sqlite-read-store.js';

export type RebuildComparison = { model: string; live: number; rebuilt: number; equal: boolean; firstDifference?: string };
export type VerifyResult = { head: number; equal: boolean; models: RebuildComparison[] };

const byId = (a: ReadDocument, b: ReadDocument) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Waits until every live read model has applied the log up to `head` (a running projector catching up). */
const caughtUp = async (models: ReadonlyArray<Projection<ReadModelDocument>>, live: ReadStore, head: number, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const checkpoints = await Promise.all(models.map(({ name }) => live.getCheckpoint(checkpointNames.readModel(name))));
    if (checkpoints.every((checkpoint) => checkpoint >= head)) return true;
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
};

/** The fields of one document that differ, live against rebuilt: the part a reader needs. */
const differenceOf = (live: ReadDocument | undefined, rebuilt: ReadDocument | undefined) => {
  if (!live || !rebuilt || live.id !== rebuilt.id) return { live: live?.id ?? null, rebuilt: rebuilt?.id ?? null };
  const fields = [...new Set([...Object.keys(live), ...Object.keys(rebuilt)])].filter((field) => !isDeepStrictEqual(live[field], rebuilt[field]));
  return { id: live.id, fields: Object.fromEntries(fields.map((field) => [field, { live: live[field], rebuilt: rebuilt[field] }])) };
};

const compareModel = async (projection: Projection<ReadModelDocument>, live: ReadStore, scratch: ReadStore): Promise<RebuildComparison> => {
  const liveDocs = (await live.find(projection.collection, {})).sort(byId);
  const rebuiltDocs = (await scratch.find(projection.collection, {})).sort(byId);
  const equal = isDeepStrictEqual(liveDocs, rebuiltDocs);
  const comparison: RebuildComparison = { model: projection.name, live: liveDocs.length, rebuilt: rebuiltDocs.length, equal };
  if (equal) return comparison;
  const index = Math.max(
    0,
    liveDocs.findIndex((doc, i) => !isDeepStrictEqual(doc, rebuiltDocs[i])),
  );
  return { ...comparison, firstDifference: JSON.stringify(differenceOf(liveDocs[index], rebuiltDocs[index])).slice(0, 600) };
};

/**
 * Do the live read models hold exactly what a rebuild from the full log produces? The rebuild runs
 * into a scratch store in a temporary directory, so the live models are only read and the server
 * keeps serving. The log may grow meanwhile (payment retries, dispatch timeouts): a comparison
 * spoiled by a moving head is taken again, up to `attempts` times.
 */
export const compareWithRebuild = async (
  models: ReadonlyArray<Projection<ReadModelDocument>>,
  deps: { eventStore: EventStore; readStore: ReadStore },
  options: { catchUpTimeoutMs?: number; attempts?: number } = {},
): Promise<VerifyResult> => {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt += 1) {
    const dir = mkdtempSync(join(tmpdir(), 'taxi-verify-'));
    // A rebuild writes every document once: a page cache that holds the shadows' id indexes (see SqliteReadStoreOptions).
    const scratch = new SqliteReadStore(join(dir, 'read-models.db'), { pageCacheMiB: 64 });
    try {
      const { position: head } = await rebuildProjections(models, { eventStore: deps.eventStore, readStore: scratch });
      await caughtUp(models, deps.readStore, head, options.catchUpTimeoutMs ?? 30_000);
      const compared = await Promise.all(models.map((projection) => compareModel(projection, deps.readStore, scratch)));
      const result = { head, equal: compared.every((model) => model.equal), models: compared };
      const moved = (await deps.eventStore.headPosition()) !== head;
      if (result.equal || !moved || attempt >= attempts) return result;
    } finally {
      await scratch.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
};
