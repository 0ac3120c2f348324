import type { RecordedEvent } from '../../src/application/ports/event-store.js';
import type { Projection, ReadModelDocument } from '../../src/projections/projection.js';

/** Applies events the way the writer does, in memory: per key, skipping what was already applied. */
export const replay = <Doc extends ReadModelDocument>(projection: Projection<Doc>, events: RecordedEvent[], documents = new Map<string, Doc>()) => {
  for (const event of events) {
    const key = projection.keyOf(event);
    if (key === null) continue;
    const current = documents.get(key) ?? null;
    if (current && current.position >= event.position) continue;
    const next = projection.evolve(current, event);
    if (next) documents.set(key, { ...next, position: event.position });
    else documents.delete(key);
  }
  return documents;
};
