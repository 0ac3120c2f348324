import type { RecordedEvent } from '../application/ports/event-store.js';
import type { IndexSpec } from '../application/ports/read-store.js';

/** Every read-model document remembers the last event applied to it (idempotent writers). */
export type ReadModelDocument = { id: string; position: number };

/**
 * A read model: which document an event concerns (`keyOf`, null = not this projection's
 * business) and a pure, total `evolve`. Returning null deletes the document. Both take the log's
 * typed events and narrow them by `type`. A read model whose `evolve` changes meaning is rebuilt
 * with `projections rebuild <name>` (docs/operations.md).
 */
export type Projection<Doc extends ReadModelDocument> = {
  name: string;
  collection: string;
  indexes: readonly IndexSpec[];
  keyOf(event: RecordedEvent): string | null;
  // Method syntax on purpose: a list of read models of different document types is then a
  // list of Projection<ReadModelDocument> (method parameters are bivariant in TypeScript).
  evolve(document: Doc | null, event: RecordedEvent): Doc | null;
};
