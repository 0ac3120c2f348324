import type { EventStore } from '../application/ports/event-store.js';
import type { ReadStore } from '../application/ports/read-store.js';
import { applyBatch } from './projection-runner.js';
import type { Projection, ReadModelDocument } from './projection.js';

export type RebuildProgress = { position: number; head: number; events: number };
export type RebuildResult = { projection: string; events: number; position: number; seconds: number };

const BATCH = 5_000;

/**
 * Rebuilds a read model from the full history into a shadow collection while the live one keeps
 * serving, then swaps it in and hands its checkpoint to the live runner (which rewinds to it and
 * re-applies anything newer: per-document positions make that harmless). Events appended during
 * the rebuild are included: it reads until it reaches the head as it is then.
 */
export const rebuildProjection = async (
  projection: Projection<ReadModelDocument>,
  deps: { eventStore: EventStore; readStore: ReadStore },
  onProgress: (progress: RebuildProgress) => void = () => {},
): Promise<RebuildResult> => {
  const { eventStore, readStore } = deps;
  const shadow = `${projection.collection}_rebuild`;
  const target = { checkpoint: `${projection.name}_rebuild`, collection: shadow };
  await readStore.dropCollection(shadow);
  await readStore.resetCheckpoint(target.checkpoint);
  await readStore.ensureIndexes(shadow, projection.indexes);

  const started = performance.now();
  let position = 0;
  let events = 0;
  let head = await eventStore.headPosition();
  for (;;) {
    const batch = await eventStore.readAll({ after: position, maxCount: BATCH });
    if (batch.length === 0) break;
    await applyBatch(projection, readStore, target, batch);
    position = batch.at(-1)!.position;
    events += batch.length;
    head = Math.max(head, position);
    onProgress({ position, head, events });
  }
  await readStore.replaceCollections([{ target: projection.collection, shadow }], { projection: projection.name, position });
  await readStore.resetCheckpoint(target.checkpoint);
  return { projection: projection.name, events, position, seconds: (performance.now() - started) / 1000 };
};

export type ProjectionStatus = { projection: string; checkpoint: number; head: number; lag: number };

/** Where each read model stands against the head of the log. */
export const projectionStatus = async (
  projections: ReadonlyArray<Projection<ReadModelDocument>>,
  deps: { eventStore: EventStore; readStore: ReadStore },
): Promise<ProjectionStatus[]> => {
  const head = await deps.eventStore.headPosition();
  return Promise.all(
    projections.map(async ({ name }) => {
      const checkpoint = await deps.readStore.getCheckpoint(name);
      return { projection: name, checkpoint, head, lag: Math.max(0, head - checkpoint) };
    }),
  );
};
