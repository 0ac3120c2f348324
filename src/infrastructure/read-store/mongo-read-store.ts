import { type Db, MongoClient, type MongoClientOptions, MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import type { Checkpoint } from '../../application/ports/checkpoint-store.js';
import {
  CollectionNotFoundError,
  type CollectionSwap,
  type DocumentChange,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type ProjectionCommit,
  type ReadDocument,
  type ReadStore,
} from '../../application/ports/read-store.js';
import {
  assertCollectionName,
  assertCount,
  assertFilter,
  assertFindOptions,
  assertIndexes,
  assertSwaps,
  CHECKPOINTS,
  coalesceChanges,
} from './read-store-rules.js';
import { fromStored, type StoredDocument, toIndexDescriptions, toMongoFilter, toMongoSort, WITHOUT_POSITION } from './mongo-documents.js';
import { checkedWrites } from './mongo-checked-writes.js';
import { conditionalWrites, upsertOnce } from './mongo-writes.js';

type CheckpointDocument = { _id: string; position: number };

export type MongoReadStoreOptions = {
  client?: MongoClientOptions;
  /**
   * How a commit writes documents. Chosen from the server by default: `conditional` on MongoDB,
   * `checked` on FerretDB (see mongo-checked-writes.ts for why). Tests force each on any server.
   */
  writes?: 'conditional' | 'checked';
};

const NAMESPACE_EXISTS = 48;

/**
 * Read store on MongoDB or FerretDB 1.x. A commit is not a transaction (FerretDB has none; it rejects
 * the `autocommit` field sessions send), so it is made correct by idempotence instead:
 * - every document carries `_position`, the position of the last event applied to it, and each
 *   write is conditional on it (mongo-writes.ts, mongo-checked-writes.ts), so a replayed or late
 *   write never regresses one;
 * - the checkpoint is written last and only moves forward (`$max`).
 * A crash between the two leaves documents ahead of the checkpoint; the projector then replays from
 * the checkpoint and the conditional writes skip what was already applied. Readers may see a batch
 * half applied for a moment, which eventual consistency allows.
 *
 * FerretDB 1.24 caveat: no write there is conditional atomically (its own conditional update also
 * queries, filters in Go, then writes by `_id`), so two writers racing on one document could still
 * regress it. One active projector per projection (what the projection runner provides) makes that moot.
 */
export class MongoReadStore implements ReadStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    /** FerretDB 1.x does not implement `renameCollection` with `dropTarget`. */
    readonly swapIsAtomic: boolean,
    private readonly writeChanges: (db: Db, changes: readonly DocumentChange[]) => Promise<void>,
  ) {}

  static async connect(url: string, dbName: string, options: MongoReadStoreOptions = {}): Promise<MongoReadStore> {
    // A short server selection timeout keeps a readiness probe from hanging for the default 30 s.
    const client = await new MongoClient(url, { serverSelectionTimeoutMS: 5000, ...options.client }).connect();
    const db = client.db(dbName);
    const isFerretDb = (await db.command({ buildInfo: 1 })).ferretdbVersion !== undefined;
    const writes = options.writes ?? (isFerretDb ? 'checked' : 'conditional');
    return new MongoReadStore(client, db, !isFerretDb, writes === 'checked' ? checkedWrites : conditionalWrites);
  }

  private collection(name: string) {
    return this.db.collection<StoredDocument>(assertCollectionName(name));
  }

  private get checkpoints() {
    return this.db.collection<CheckpointDocument>(CHECKPOINTS);
  }

  async get<T extends ReadDocument = ReadDocument>(collection: string, id: string): Promise<T | null> {
    // `{_id}` alone is the only filter FerretDB 1.x hands to SQLite (which then stops at the match);
    // any other filter makes it decode every document of the collection in Go.
    const stored = await this.collection(collection).findOne({ _id: id }, { projection: WITHOUT_POSITION });
    return stored ? fromStored<T>(stored) : null;
  }

  async find<T extends ReadDocument = ReadDocument>(collection: string, filter: Filter, options: FindOptions = {}): Promise<T[]> {
    assertFilter(filter);
    assertFindOptions(options);
    const target = this.collection(collection);
    // Mongo reads `limit: 0` as "no limit"; the port means none.
    if (options.limit === 0) return [];
    const cursor = target.find(toMongoFilter(filter), {
      projection: WITHOUT_POSITION,
      sort: toMongoSort(options.sort),
      ...(options.skip ? { skip: options.skip } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
    });
    return (await cursor.toArray()).map((stored) => fromStored<T>(stored));
  }

  async commit(projection: string, changes: readonly DocumentChange[], checkpoint: number): Promise<void> {
    assertCount('checkpoint', checkpoint);
    await this.writeChanges(this.db, coalesceChanges(changes));
    await upsertOnce(() => this.checkpoints.updateOne({ _id: projection }, { $max: { position: checkpoint } }, { upsert: true }));
  }

  async commitAll(commits: readonly ProjectionCommit[]): Promise<void> {
    for (const { projection, changes, checkpoint } of commits) await this.commit(projection, changes, checkpoint);
  }

  async getCheckpoint(projection: string): Promise<number> {
    return (await this.checkpoints.findOne({ _id: projection }))?.position ?? 0;
  }

  async saveCheckpoint(name: string, position: number): Promise<void> {
    await this.commit(name, [], position);
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    const documents = await this.checkpoints.find({}).sort({ _id: 1 }).toArray();
    return documents.map(({ _id, position }) => ({ name: _id, position }));
  }

  /** Not atomic on Mongo: a crash in between leaves both names, and the next open finishes the move. */
  async renameCheckpoint(from: string, to: string): Promise<void> {
    const old = await this.checkpoints.findOne({ _id: from });
    if (!old) return;
    await upsertOnce(() => this.checkpoints.updateOne({ _id: to }, { $setOnInsert: { position: old.position } }, { upsert: true }));
    await this.checkpoints.deleteOne({ _id: from });
  }

  async resetCheckpoint(projection: string): Promise<void> {
    await this.checkpoints.deleteOne({ _id: projection });
  }

  async ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    assertIndexes(indexes);
    const target = this.collection(collection);
    const descriptions = toIndexDescriptions(indexes);
    if (descriptions.length > 0) {
      // One index per command: FerretDB 1.24 crashes the connection (or skips a new index) when one
      // createIndexes command names more than one index that already exists.
      for (const description of descriptions) await target.createIndexes([description]);
      return;
    }
    // No secondary index wanted: still create the collection, as the SQLite adapter does.
    if ((await this.existingCollections()).has(collection)) return;
    await this.db.createCollection(collection).catch((error: unknown) => {
      // Another process created it in the meantime: that is the wanted outcome.
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
    });
  }

  private async existingCollections(): Promise<Set<string>> {
    const collections = await this.db.listCollections({}, { nameOnly: true }).toArray();
    return new Set(collections.map((collection) => collection.name));
  }

  async replaceCollections(swaps: readonly CollectionSwap[], checkpoint: Checkpoint): Promise<void> {
    assertSwaps(swaps);
    const existing = await this.existingCollections();
    const missing = swaps.find(({ shadow }) => !existing.has(shadow));
    if (missing) throw new CollectionNotFoundError(missing.shadow);
    for (const { target, shadow } of swaps) {
      if (this.swapIsAtomic) await this.db.collection(shadow).rename(target, { dropTarget: true });
      else await this.swapWithoutDropTarget(target, shadow, existing.has(target));
    }
    // Written after the swap: a crash in between only makes the projector replay what the shadow
    // already holds, and the conditional writes skip all of it.
    await upsertOnce(() => this.checkpoints.updateOne({ _id: checkpoint.name }, { $set: { position: checkpoint.position } }, { upsert: true }));
  }

  /**
   * FerretDB 1.24 has no `dropTarget`, and a read running while its collection is dropped may
   * silently return only part of the documents. So the old target is renamed aside (a rename never
   * cuts a read short) and dropped only at the next swap, when no read can still be on it. Readers
   * see no target between the two renames (a few milliseconds). The name holds a hyphen, which
   * collection names of the port cannot, so it never collides with a real collection.
   */
  private async swapWithoutDropTarget(target: string, shadow: string, targetExists: boolean): Promise<void> {
    const retired = this.db.collection(`${target}-retired`);
    await retired.drop();
    if (targetExists) await this.db.collection(target).rename(retired.collectionName);
    await this.db.collection(shadow).rename(target);
  }

  async dropCollection(collection: string): Promise<void> {
    await this.collection(collection).drop();
  }

  async ping(): Promise<boolean> {
    try {
      const answer = await this.db.command({ ping: 1 });
      return answer.ok === 1;
    } catch (error) {
      if (error instanceof MongoServerSelectionError || error instanceof MongoNetworkError) return false;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
