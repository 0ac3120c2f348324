import type { RecordedEvent } from '../application/ports/event-store.js';
import type { DocumentChange, ReadStore } from '../application/ports/read-store.js';
import { erasureOf } from '../domain/privacy/erasure.js';
import { applyEvent, type Erasure, keyFor, type Projection, type ReadModelDocument } from './projection.js';

export type ProjectionTarget = {
  /** Checkpoint name; the live model uses the projection's name, a rebuild its own. */
  checkpoint: string;
  /** Collection written; a rebuild writes a shadow collection that is swapped in at the end. */
  collection: string;
};

export type TargetedProjection = { projection: Projection<ReadModelDocument>; target: ProjectionTarget };

/** The documents a fold has read or made so far (null: deleted), and what it changed since the last commit. */
export type FoldState<Doc> = { documents: Map<string, Doc | null>; changes: Map<string, DocumentChange> };

/** Where a document the fold has not seen comes from: the store, or nothing (a fresh shadow collection). */
export type LoadDocument<Doc> = (key: string) => Doc | null | Promise<Doc | null>;

/**
 * Folds a batch of events into one projection's documents and answers what changed. Each document
 * carries the position of the last event applied to it, and an event at or below that position is
 * skipped, so replaying a batch after a crash changes nothing. The runner starts each batch with an
 * empty state and loads from the store; the rebuild keeps its documents in memory across batches.
 */
export const changesOf = async <Doc extends ReadModelDocument>(
  projection: Projection<Doc>,
  collection: string,
  events: readonly RecordedEvent[],
  { documents, changes }: FoldState<Doc>,
  readStore: Pick<ReadStore, 'get' | 'find'>,
  load: LoadDocument<Doc> = (key) => readStore.get<Doc>(collection, key),
): Promise<DocumentChange[]> => {
  for (const event of events) {
    const erasure = erasureOf(event);
    if (erasure) {
      await forgetPerson(projection, readStore, collection, { erasure, position: event.position }, { documents, changes });
      continue;
    }
    const key = keyFor(projection, event);
    if (key === null) continue;
    let current = documents.get(key);
    if (current === undefined) {
      const loaded = load(key);
      current = loaded instanceof Promise ? await loaded : loaded;
    }
    const stored = applyEvent(projection, current, event);
    if (stored === current) continue;
    documents.set(key, stored);
    changes.set(
      key,
      stored
        ? { kind: 'upsert', collection, document: stored, position: event.position }
        : { kind: 'delete', collection, id: key, position: event.position },
    );
  }
  return [...changes.values()];
};

/**
 * Scrubs every document of an erased person: the stored ones and those this batch changed but has
 * not committed yet (the batch's version wins). Never throws on documents it does not recognise.
 */
const forgetPerson = async <Doc extends ReadModelDocument>(
  projection: Projection<Doc>,
  readStore: Pick<ReadStore, 'find'>,
  collection: string,
  { erasure, position }: { erasure: Erasure; position: number },
  { documents, changes }: FoldState<Doc>,
): Promise<void> => {
  const field = projection.forgets?.[erasure.kind];
  if (!field || !projection.forget) return;
  const candidates = new Map<string, Doc>();
  for (const stored of await readStore.find<Doc>(collection, { [field]: erasure.personId })) {
    if (!documents.has(stored.id)) candidates.set(stored.id, stored);
  }
  for (const [id, document] of documents) {
    if (document && (document as Record<string, unknown>)[field] === erasure.personId) candidates.set(id, document);
  }
  for (const [id, document] of candidates) {
    if (document.position >= position) continue;
    const next = projection.forget(document, erasure);
    const stored = next ? { ...next, position } : null;
    documents.set(id, stored);
    changes.set(id, stored ? { kind: 'upsert', collection, document: stored, position } : { kind: 'delete', collection, id, position });
  }
};
