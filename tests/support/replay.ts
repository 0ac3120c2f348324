import type { RecordedEvent } from '../../src/application/ports/event-store.js';
import { applyEvent, keyFor, type Projection, type ReadModelDocument } from '../../src/projections/projection.js';

/** Applies events the way the writer does, in memory: only those the projection reads, each once. */
export const replay = <Doc extends ReadModelDocument>(projection: Projection<Doc>, events: RecordedEvent[], documents = new Map<string, Doc>()) => {
  for (const event of events) {
    const key = keyFor(projection, event);
    if (key === null) continue;
    const next = applyEvent(projection, documents.get(key) ?? null, event);
    if (next) documents.set(key, next);
    else documents.delete(key);
  }
  return documents;
};
