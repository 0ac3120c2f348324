import { checkpointNames } from '../application/ports/checkpoint-store.js';
import type { EventStore, RecordedEvent } from '../application/ports/event-store.js';
import type { DocumentChange, ProjectionCommit, ReadStore } from '../application/ports/read-store.js';
import type { LogEventType } from '../domain/events.js';
import { changesOf } from './fold-batch.js';
import type { Projection, ReadModelDocument } from './projection.js';
import { WrittenKeys } from './written-keys.js';

export type RebuildProgress = { position: number; head: number; events: number };
export type RebuildResult = { projections: string[]; events: number; position: number; seconds: number };
/** Events per commit (read in pages of at most 5,000), and how many documents it keeps in memory (the defaults suit a CLI run). */
export type RebuildOptions = { batchSize?: number; maxDocumentsInMemory?: number };

/**
 * Events per commit. The shadows' id indexes are keyed by random ids, so every commit rewrites
 * pages all over them: fewer, larger transactions write each such page fewer times.
 */
const BATCH = 100_000;
/** Events per read of the log: small enough that a page's garbage dies young. */
const PAGE = 5_000;
/**
 * The rebuild keeps the documents it made in memory, so it rarely reads the shadow back. Past this
 * many it forgets them after a commit and reads the shadow again for the ones it meets later: on
 * a log of whole rides those are only the calls still open, and memory and GC stay bounded (a
 * large heap of documents made every collection slower than the reads it saved).
 */
const MAX_DOCUMENTS_IN_MEMORY = 100_000;

type RebuildTarget = {
  projection: Projection<ReadModelDocument>;
  checkpoint: string;
  shadow: string;
  documents: Map<string, ReadModelDocument | null>;
  /** Every key committed to the shadow: one it never held is not read back once `documents` was forgotten. */
  written: WrittenKeys;
  /** What changed since the last commit, one change per document. */
  changes: Map<string, DocumentChange>;
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

/** A page of the log into every model's documents, in memory. */
const foldPage = async (targets: readonly RebuildTarget[], shadowReads: ShadowReads, page: readonly RecordedEvent[]): Promise<void> => {
  const shares = shareOut(targets, page);
  for (const [index, { projection, shadow, documents, written, changes }] of targets.entries()) {
    const load = (key: string) => (written.mayHold(key) ? shadowReads.get<ReadModelDocument>(shadow, key) : null);
    await changesOf(projection, shadow, shares[index]!, { documents, changes }, shadowReads, load);
  }
};

/** What changed since the last commit, as one bulk commit with every rebuild checkpoint. */
const commitsOf = (targets: readonly RebuildTarget[], checkpoint: number): ProjectionCommit[] =>
  targets.map((target) => {
    const { written } = target;
    // A document made and deleted between two commits (a call opened and closed) never reaches the shadow.
    const changes = [...target.changes.values()].filter((change) => change.kind === 'upsert' || written.mayHold(change.id));
    for (const change of changes) if (change.kind === 'upsert') written.add(change.document.id);
    target.changes = new Map();
    return { projection: target.checkpoint, changes, checkpoint };
  });

type ShadowReads = Pick<ReadStore, 'get' | 'find'>;

/**
 * The log read and folded while the last batch is written: one commit in flight at most, and a
 * read of a shadow (a document forgotten, an erased person's) waits for it. Past
 * `maxDocumentsInMemory` the documents are forgotten once their commit is sent.
 */
const foldAndCommit = async (
  targets: readonly RebuildTarget[],
  { eventStore, readStore }: { eventStore: EventStore; readStore: ReadStore },
  { batchSize, maxDocumentsInMemory }: Required<RebuildOptions>,
  onCommitted: (batch: { position: number; events: number }) => void,
): Promise<void> => {
  let committed: Promise<unknown> = Promise.resolve();
  const shadowReads: ShadowReads = {
    get: async (collection, id) => committed.then(() => readStore.get(collection, id)),
    find: async (collection, filter, options) => committed.then(() => readStore.find(collection, filter, options)),
  };
  for (let position = 0, folded = 0; ;) {
    const page = await eventStore.readAll({ after: position, maxCount: Math.min(PAGE, batchSize) });
    await foldPage(targets, shadowReads, page);
    position = page.at(-1)?.position ?? position;
    folded += page.length;
    if (folded >= batchSize || (page.length === 0 && folded > 0)) {
      const commits = commitsOf(targets, position);
      await committed;
      const sent = { position, events: folded };
      committed = readStore.commitAll(commits).then(() => onCommitted(sent));
      // Awaited before the next commit or the end; handled here so a failure is not reported as unhandled meanwhile.
      committed.catch(() => undefined);
      folded = 0;
      if (targets.reduce((sum, { documents }) => sum + documents.size, 0) > maxDocumentsInMemory) {
        for (const target of targets) target.documents.clear();
      }
    }
    if (page.length === 0) break;
  }
  await committed;
};

/**
 * Rebuilds read models from the full history into shadow collections while the live ones keep
 * serving, then swaps them in and hands each its checkpoint; a live runner sees its checkpoint
 * moved back and re-applies anything newer (per-document positions make that harmless). One pass
 * over the log for all of them: each page is read once, folded into every model's documents in
 * memory (a document is read back from the store only after it was forgotten), and each batch is
 * committed in one bulk write with each shadow's checkpoint. The shadows' indexes are built once they are full, not row by
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
    changes: new Map(),
  }));
  for (const { shadow, checkpoint } of targets) {
    await readStore.dropCollection(shadow);
    await readStore.resetCheckpoint(checkpoint);
  }

  const started = performance.now();
  let position = 0;
  let events = 0;
  let head = await eventStore.headPosition();
  await foldAndCommit(targets, deps, { batchSize, maxDocumentsInMemory }, (batch) => {
    position = batch.position;
    events += batch.events;
    head = Math.max(head, position);
    onProgress({ position, head, events });
  });
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
