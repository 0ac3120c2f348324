import type { EventStore } from '../../src/application/ports/event-store.js';
import type { ReadStore } from '../../src/application/ports/read-store.js';
import { applyBatch } from '../../src/projections/projection-runner.js';
import type { Projection, ReadModelDocument } from '../../src/projections/projection.js';

/**
 * PROTOTYPE of a proposed change to src/projections/rebuild.ts, kept here so the bench can show
 * its effect beside the real thing: rebuild every read model in ONE pass over the log (each
 * batch read and parsed once, applied to every model) instead of one full pass per model.
 * Same shadow-collection-and-swap protocol as `rebuildProjection`.
 */
export const rebuildInOnePass = async (projections: ReadonlyArray<Projection<ReadModelDocument>>, deps: { eventStore: EventStore; readStore: ReadStore }) => {
  const { eventStore, readStore } = deps;
  const targets = projections.map((projection) => ({ projection, target: { checkpoint: `${projection.name}_rebuild`, collection: `${projection.collection}_rebuild` } }));
  for (const { projection, target } of targets) {
    await readStore.dropCollection(target.collection);
    await readStore.resetCheckpoint(target.checkpoint);
    await readStore.ensureIndexes(target.collection, projection.indexes);
  }
  const started = performance.now();
  let position = 0;
  let events = 0;
  for (;;) {
    const batch = await eventStore.readAll({ after: position, maxCount: 5_000 });
    if (batch.length === 0) break;
    for (const { projection, target } of targets) await applyBatch(projection, readStore, target, batch);
    position = batch.at(-1)!.position;
    events += batch.length;
  }
  for (const { projection, target } of targets) {
    await readStore.replaceCollections([{ target: projection.collection, shadow: target.collection }], { projection: projection.name, position });
    await readStore.resetCheckpoint(target.checkpoint);
  }
  return { events, seconds: (performance.now() - started) / 1000 };
};
