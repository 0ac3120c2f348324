import { expect } from 'chai';
import type { RecordedEvent } from '../../src/application/ports/event-store.js';
import { deepFreeze } from '../../src/application/deep-freeze.js';
import type { LogEvent } from '../../src/domain/events.js';
import { applyEvent, keyFor, type Projection, type ReadModelDocument } from '../../src/projections/projection.js';
import { recordAll } from './recorded.js';

export type ProjectionExpectations<Doc> = {
  /** Every document, in the order they were first written. */
  documents: ReadonlyMap<string, Doc>;
  /** Exactly these documents, in the order they were first written. */
  thenDocuments: (expected: Doc[]) => void;
  /** The document `id` holds at least these fields with these values. */
  thenDocument: (id: string, expected: Partial<Doc>) => void;
  /** No document `id` (never written, or deleted). */
  thenNoDocument: (id: string) => void;
};

/**
 * Given/When/Then for a projection, like the deciders' (given-when-then.ts): the events are
 * applied the way the runner, the rebuild and the driver feed apply them (`keyFor`, then
 * `applyEvent`), and the documents compared. Events and documents are deep-frozen on the way:
 * `evolve` must be pure.
 *
 *   projectionSpec(paymentsProjection).given([requested, approved]).thenDocument('payment-call-1', { status: 'APPROVED' });
 *
 * `given` takes bare events (recorded at positions 1, 2, …) or recorded ones (a re-delivery, a gap).
 */
export const projectionSpec = <Doc extends ReadModelDocument>(projection: Projection<Doc>) => ({
  given: (events: LogEvent[] | RecordedEvent[]): ProjectionExpectations<Doc> => {
    const recorded = events.every((event) => 'position' in event) ? (events as RecordedEvent[]) : recordAll(events);
    const documents = new Map<string, Doc>();
    for (const event of recorded) {
      const key = keyFor(projection, event);
      if (key === null) continue;
      const next = applyEvent(projection, documents.get(key) ?? null, deepFreeze(structuredClone(event)));
      if (next) documents.set(key, deepFreeze(next));
      else documents.delete(key);
    }
    return {
      documents,
      thenDocuments: (expected) => expect([...documents.values()]).to.deep.equal(expected),
      thenDocument: (id, expected) => expect(documents.get(id), `document ${id}`).to.deep.include(expected),
      thenNoDocument: (id) => expect(documents.has(id), `document ${id} exists`).to.equal(false),
    };
  },
});
