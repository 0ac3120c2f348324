import { checkpointNames } from '../application/ports/checkpoint-store.js';
import type { EventStore, RecordedEvent } from '../application/ports/event-store.js';
import type { ProjectionCommit, ReadStore } from '../application/ports/read-store.js';
import type { LogEventType } from '../domain/events.js';
import { changesOf } from './fold-batch.js';
import type { Projection, ReadModelDocument } from './projection.js';
import { WrittenKeys } from './written-keys.js';

export type RebuildProgress = { position: number; head: number; events: number };
export type RebuildResult = { projections: string[]; events: number; position: number; seconds: number };
/** How much it reads and commits at once, and how many documents it keeps in memory (the defaults suit a CLI run). */
export type RebuildOptions = { batchSize?: number; maxDocumentsInMemory?: number };

/** Events per read of the log and per commit: fewer, larger transactions, and fewer rewrites of one document. */
const BATCH = 5_000;
/**
 * The rebuild keeps the documents it made in memory, so it rarely reads the shadow back. Past this
 * many it forgets them after a commit and reads the shadow again for the ones it meets later: on
 * a log of whole rides those are only the calls still open, and memory and GC stay bounded (a
 * large heap of documents made every collection slower than the reads it saved).
 */
const MAX_DOCUMENTS_IN_MEMORY = 50_000;

type RebuildTarget = {
  projection: Projection<ReadModelDocument>;
  checkpoint: string;
  shadow: string;
  documents: Map<string, ReadModelDocument | null>;
  /** Every key committed to the shadow: one it never held is not read back once `documents` was forgotten. */
  written: WrittenKeys;
};

/**
 * Each model's share of a batch, in log order: the events it reads, and every erasure (it may hold
 * the person's documents). Routed once per event type, so a model never walks past the events
 * it does not read: most of the log is read by two or three of the nine models.
 */
const shareOut = (targets: readonly RebuildTarget[], batch: readonly RecordedEvent[]): RecordedEvent[][] => {
  const shares = targets.map((): RecordedEvent[] => []);
  const routes = new Map<string, RecordedEvent[][]>();
  for (const event of batch) {
    let route = routes.get(event.type);
    if (!route) {
      const type = event.type;
      route = shares.filter((_, index) => type === ERASURE || targets[index]!.projection.canHandle.includes(type));
      routes.set(type, route);
    }
    for (const share of route) share.push(event);
  }
  return shares;
};

const ERASURE: LogEventType = 'PersonalDataErased';

/** One batch into every model: documents folded in memory, one bulk commit with every rebuild checkpoint. */
const rebuildBatch = async (
  targets: readonly RebuildTarget[],
  readStore: ReadStore,
  batch: readonly RecordedEvent[],
  maxDocumentsInMemory: number,
): Promise<void> => {
  const checkpoint = batch.at(-1)!.position;
  const commits: ProjectionCommit[] = [];
  const shares = shareOut(targets, batch);
  for (const [index, target] of targets.entries()) {
    const { projection, shadow, documents, written } = target;
    const load = (key: string) => (written.mayHold(key) ? readStore.get<ReadModelDocument>(shadow, key) : null);
    const changes = await changesOf(projection, shadow, shares[index]!, { documents, changes: new Map() }, readStore, load);
    for (const change of changes) written.add(change.kind === 'upsert' ? change.document.id : change.id);
    commits.push({ projection: target.checkpoint, changes, checkpoint });
  }
  await readStore.commitAll(commits);
  const inMemory = targets.reduce((sum, { documents }) => sum + documents.size, 0);
  if (inMemory <= maxDocumentsInMemory) return;
  for (const target of targets) target.documents.clear();
};

/**
 * Rebuilds read models from the full history into shadow collections while the live ones keep
 * serving, then swaps them in and hands each its checkpoint; a live runner sees its checkpoint
 * moved back and re-applies anything newer (per-document positions make that harmless). One pass
 * over the log for all of them: each batch is read once, folded into every model's documents in
 * memory (no document is read back from the store), and committed in one bulk write per batch
 * with each shadow's checkpoint. The shadows' indexes are built once they are full, not row by
 * row. Events appended meanwhile are included: it reads until it reaches the head as it is then.
 */
export const rebuildProjections = async (
  projections: ReadonlyArray<Projection<ReadModelDocument>>,
  deps: { eventStore: EventStore; readStore: ReadStore },
  onProgress: (progress: RebuildProgress) => void = () => {},
  { batchSize = BATCH, maxDocumentsInMemory = MAX_DOCUMENTS_IN_MEMORY }: RebuildOptions = {},
): Promise<RebuildResult> => {
  const { eventStore, readStore } = deps;
  const targets: RebuildTarget[] = projections.map((projection) => ({
    projection,
    checkpoint: checkpointNames.rebuild(projection.name),
    shadow: `${projection.collection}_rebuild`,
    documents: new Map(),
    written: new WrittenKeys(),
  }));
  for (const { shadow, checkpoint } of targets) {
    await readStore.dropCollection(shadow);
    await readStore.resetCheckpoint(checkpoint);
  }

  const started = performance.now();
  let position = 0;
  let events = 0;
  let head = await eventStore.headPosition();
  for (;;) {
    const batch = await eventStore.readAll({ after: position, maxCount: batchSize });
    if (batch.length === 0) break;
    await rebuildBatch(targets, readStore, batch, maxDocumentsInMemory);
    position = batch.at(-1)!.position;
    events += batch.length;
    head = Math.max(head, position);
    onProgress({ position, head, events });
  }
  for (const { projection, shadow, checkpoint } of targets) {
    await readStore.ensureIndexes(shadow, projection.indexes);
    await readStore.replaceCollections([{ target: projection.collection, shadow }], { name: checkpointNames.readModel(projection.name), position });
    await readStore.resetCheckpoint(checkpoint);
  }
  return { projections: projections.map(({ name }) => name), events, position, seconds: (performance.now() - started) / 1000 };
};

/** One read model alone. */
export const rebuildProjection = (
  projection: Projection<ReadModelDocument>,
  deps: { eventStore: EventStore; readStore: ReadStore },
  onProgress?: (progress: RebuildProgress) => void,
) => rebuildProjections([projection], deps, onProgress);

export type ProjectionStatus = { projection: string; checkpoint: number; head: number; lag: number };

/** Where each read model stands against the head of the log. */
export const projectionStatus = async (
  projections: ReadonlyArray<Projection<ReadModelDocument>>,
  deps: { eventStore: EventStore; readStore: ReadStore },
): Promise<ProjectionStatus[]> => {
  const head = await deps.eventStore.headPosition();
  return Promise.all(
    projections.map(async ({ name }) => {
      const checkpoint = await deps.readStore.getCheckpoint(checkpointNames.readModel(name));
      return { projection: name, checkpoint, head, lag: Math.max(0, head - checkpoint) };
    }),
  );
};
