import type { RecordedEvent } from '../application/ports/event-store.js';
import type { IndexSpec } from '../application/ports/read-store.js';
import type { PersonalDataErased, PersonKind } from '../domain/privacy/erasure.js';

export type Erasure = PersonalDataErased['data'];

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
  /**
   * How the model forgets an erased person (PersonalDataErased): the top-level field that finds
   * their documents, per kind of person, and `forget`, which scrubs one of them (null deletes it).
   * One erasure event changes many documents, which `keyOf` cannot say; the runner finds them.
   */
  forgets?: Partial<Record<PersonKind, string>>;
  /**
   * The top-level fields of a document that are a person's data, per kind of person (the one the
   * `forgets` field names). The read store keeps them sealed with that person's key, so they are
   * never on disk in clear and read erased as soon as the key is destroyed.
   */
  personal?: Partial<Record<PersonKind, readonly string[]>>;
  forget?(document: Doc, erasure: Erasure): Doc | null;
};

/**
 * Makes an evolve idempotent by itself: an event at or below the document's position was applied
 * already and changes nothing, so a re-delivered or replayed event (at-least-once delivery, a
 * lost checkpoint) can never roll a document back. The writer skips such events too; this keeps
 * the rule true for any caller. A deleted document has no position left to compare: a projection
 * that deletes must ignore events that would re-create it, or accept that a stale replay does.
 */
export const appliedOnce =
  <Doc extends ReadModelDocument>(evolve: (document: Doc | null, event: RecordedEvent) => Doc | null) =>
  (document: Doc | null, event: RecordedEvent): Doc | null => {
    if (document && document.position >= event.position) return document;
    const next = evolve(document, event);
    return next && { ...next, position: event.position };
  };
