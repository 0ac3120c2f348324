import { checkpointNames } from '../application/ports/checkpoint-store.js';
import type { EventStore, RecordedEvent } from '../application/ports/event-store.js';
import type { ProjectionCommit, ReadStore } from '../application/ports/read-store.js';
import type { LogFollower, FollowerLogger } from '../application/log-follower/log-follower.js';
import { CheckpointedFollower, type FollowerCheckpoint, followWithCheckpoint } from '../application/log-follower/checkpointed-follower.js';
import { changesOf, type TargetedProjection } from './fold-batch.js';
import type { Projection, ReadModelDocument } from './projection.js';

export type { ProjectionTarget, TargetedProjection } from './fold-batch.js';

/**
 * What one batch of events changes in every targeted projection, each commit moving its
 * projection's checkpoint to the batch's last position. Committed together (one transaction on
 * SQLite), the read models move as one.
 */
export const changesOfBatch = async (
  targets: readonly TargetedProjection[],
  readStore: ReadStore,
  events: readonly RecordedEvent[],
): Promise<ProjectionCommit[]> => {
  const checkpoint = events.at(-1)!.position;
  const commits: ProjectionCommit[] = [];
  for (const { projection, target } of targets) {
    const changes = await changesOf(projection, target.collection, events, { documents: new Map(), changes: new Map() }, readStore);
    commits.push({ projection: target.checkpoint, changes, checkpoint });
  }
  return commits;
};

/**
 * Keeps the read models up to date from the global log, all on one subscription: one read of
 * each batch and one commit for all of them, where a runner per model made four (measured on
 * SQLite: a transaction's fixed cost is about 110 µs, a document's about 60). Each model keeps
 * its own checkpoint, so `projections status` and a rebuild of one model work as before. The
 * follower's checkpoint is those of every model: it resumes from the slowest, and its save is the
 * read store's commit of the batch's documents with every model's checkpoint, in one transaction.
 */
export class ProjectionRunner extends CheckpointedFollower {
  readonly name = 'projections';
  protected readonly follower: LogFollower;
  /** The batch handled and not yet committed: the follower's save commits it. */
  private staged: ProjectionCommit[] = [];

  constructor(
    readonly projections: ReadonlyArray<Projection<ReadModelDocument>>,
    private readonly deps: { eventStore: EventStore; readStore: ReadStore; logger: FollowerLogger },
  ) {
    super();
    const targets = projections.map((projection) => ({
      projection,
      target: { checkpoint: checkpointNames.readModel(projection.name), collection: projection.collection },
    }));
    const checkpoint: FollowerCheckpoint = {
      load: async () => {
        for (const { collection, indexes } of projections) await deps.readStore.ensureIndexes(collection, indexes);
        return this.slowestCheckpoint();
      },
      save: async () => {
        const commits = this.staged;
        this.staged = [];
        await deps.readStore.commitAll(commits);
      },
    };
    this.follower = followWithCheckpoint(deps, this.name, checkpoint, async (events) => {
      // A rebuild swapped in a model built up to an earlier position: follow it from there.
      // The other models re-apply events they already hold, which per-document positions skip.
      const stored = await this.slowestCheckpoint();
      if (stored < this.follower.position) {
        this.follower.rewindTo(stored);
        return undefined;
      }
      this.staged = await changesOfBatch(targets, deps.readStore, events);
      return events.at(-1)!.position;
    });
  }

  /** Where the model furthest behind stands: every model has handled the log up to there. */
  private async slowestCheckpoint(): Promise<number> {
    const checkpoints = await Promise.all(this.projections.map(({ name }) => this.deps.readStore.getCheckpoint(checkpointNames.readModel(name))));
    return Math.min(...checkpoints);
  }
}
