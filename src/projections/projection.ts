import type { RecordedEvent } from '../application/ports/event-store.js';
import type { IndexSpec } from '../application/ports/read-store.js';
import type { LogEventOfType, LogEventType } from '../domain/events.js';
import type { PersonalDataErased, PersonKind } from '../domain/privacy/erasure.js';

export type Erasure = PersonalDataErased['data'];

/** Every read-model document remembers the last event applied to it (idempotent writers). */
export type ReadModelDocument = { id: string; position: number };

/**
 * A read model: the events it reads (`canHandle`, emmett's name), which document an event concerns
 * (`keyOf`, null = none) and a pure, total `evolve`. Returning null deletes the document. Only the
 * events named in `canHandle` reach `keyOf` and `evolve` (`keyFor`). A read model whose `evolve`
 * changes meaning is rebuilt with `projections rebuild <name>` (docs/operations.md).
 */
export type Projection<Doc extends ReadModelDocument> = {
  name: string;
  collection: string;
  indexes: readonly IndexSpec[];
  canHandle: readonly LogEventType[];
  // Method syntax on purpose: a list of read models of different document types is then a list
  // of Projection<ReadModelDocument> (method parameters are bivariant in TypeScript).
  keyOf(event: RecordedEvent): string | null;
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

/** A read model as written: `keyOf` and `evolve` take only the events named in `canHandle`, narrowed by `type`. */
export type ProjectionDefinition<Doc extends ReadModelDocument, Handled extends LogEventType> = Omit<
  Projection<Doc>,
  'canHandle' | 'keyOf' | 'evolve'
> & {
  canHandle: readonly Handled[];
  keyOf(event: RecordedEvent<LogEventOfType<Handled>>): string | null;
  evolve(document: Doc | null, event: RecordedEvent<LogEventOfType<Handled>>): Doc | null;
};

export const defineProjection = <Doc extends ReadModelDocument, const Handled extends LogEventType>(
  definition: ProjectionDefinition<Doc, Handled>,
): Projection<Doc> =>
  // Accepted without a cast because method parameters are bivariant; sound because `keyFor` hands
  // `keyOf` and `evolve` only the events in `canHandle`.
  definition;

const handledTypes = new WeakMap<object, ReadonlySet<string>>();

/** The document `event` concerns in `projection`, or null when the projection does not read it. */
export const keyFor = <Doc extends ReadModelDocument>(projection: Projection<Doc>, event: RecordedEvent): string | null => {
  let handled = handledTypes.get(projection);
  if (!handled) handledTypes.set(projection, (handled = new Set(projection.canHandle)));
  return handled.has(event.type) ? projection.keyOf(event) : null;
};

/**
 * The one way an event reaches a document (the runner, the rebuild, the driver feed, the tests):
 * the document `event` makes of `current`, stamped with the event's position, or `current` itself
 * when the event changes nothing or was applied already (at or below the document's position:
 * a re-delivered or replayed event never rolls a document back). Call it with events `keyFor`
 * routed to `current`. A deleted document has no position left to compare: a projection that
 * deletes must ignore events that would re-create it, or accept that a stale replay does.
 */
export const applyEvent = <Doc extends ReadModelDocument>(projection: Projection<Doc>, current: Doc | null, event: RecordedEvent): Doc | null => {
  if (current && current.position >= event.position) return current;
  const next = projection.evolve(current, event);
  if (next === current) return current;
  // Most evolves stamp the position themselves: copying the document again would only feed the GC.
  return next && (next.position === event.position ? next : { ...next, position: event.position });
};
