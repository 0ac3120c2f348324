import type { EventStore, RecordedEvent } from '../application/ports/event-store.js';
import type { DocumentChange, ReadStore } from '../application/ports/read-store.js';
import { CatchUpSubscription, type SubscriptionLogger } from '../application/subscriptions/catch-up-subscription.js';
import { SubscriptionWorker } from '../application/subscriptions/subscription-worker.js';
import type { Projection, ReadModelDocument } from './projection.js';

export type ProjectionTarget = {
  /** Checkpoint name; the live model uses the projection's name, a rebuild its own. */
  checkpoint: string;
  /** Collection written; a rebuild writes a shadow collection that is swapped in at the end. */
  collection: string;
};

/**
 * Applies one batch of events to a projection's documents and commits them together with the
 * checkpoint. Each document carries the position of the last event applied to it, and an event at
 * or below that position is skipped, so replaying a batch after a crash changes nothing.
 */
export const applyBatch = async <Doc extends ReadModelDocument>(
  projection: Projection<Doc>,
  readStore: ReadStore,
  target: ProjectionTarget,
  events: readonly RecordedEvent[],
): Promise<number> => {
  const documents = new Map<string, Doc | null>();
  const changes = new Map<string, DocumentChange>();
  for (const event of events) {
    const key = projection.keyOf(event);
    if (key === null) continue;
    const current = documents.has(key) ? documents.get(key)! : await readStore.get<Doc>(target.collection, key);
    if (current && current.position >= event.position) continue;
    const next = projection.evolve(current, event);
    if (next === current) continue;
    const stored = next ? { ...next, position: event.position } : null;
    documents.set(key, stored);
    changes.set(
      key,
      stored
        ? { kind: 'upsert', collection: target.collection, document: stored, position: event.position }
        : { kind: 'delete', collection: target.collection, id: key, position: event.position },
    );
  }
  await readStore.commit(target.checkpoint, [...changes.values()], events.at(-1)!.position);
  return changes.size;
};

/** Keeps one read model up to date from the global log (the projector role runs one per model). */
export class ProjectionRunner<Doc extends ReadModelDocument> extends SubscriptionWorker {
  readonly name: string;
  protected readonly subscription: CatchUpSubscription;

  constructor(
    readonly projection: Projection<Doc>,
    private readonly deps: { eventStore: EventStore; readStore: ReadStore; logger: SubscriptionLogger },
  ) {
    super();
    this.name = `projection:${projection.name}`;
    const target = { checkpoint: projection.name, collection: projection.collection };
    this.subscription = new CatchUpSubscription(deps.eventStore, {
      name: this.name,
      loadCheckpoint: async () => {
        await deps.readStore.ensureIndexes(projection.collection, projection.indexes);
        return deps.readStore.getCheckpoint(projection.name);
      },
      handle: async (events) => {
        // A rebuild swapped in a model built up to an earlier position: follow it from there.
        // Re-applying events it already holds is harmless (per-document positions).
        const stored = await deps.readStore.getCheckpoint(projection.name);
        if (stored < this.subscription.position) {
          this.subscription.rewindTo(stored);
          return;
        }
        await applyBatch(projection, deps.readStore, target, events);
      },
      logger: deps.logger,
    });
  }
}
