import { type Token, token } from './token.js';
import type { Checkpoint, CheckpointStore } from './checkpoint-store.js';

/**
 * The CQRS read side's document store: projections write materialised views into it, queries read
 * them. Documents are JSON objects with a string `id`, kept in named collections.
 *
 * Names are deliberately narrow so that one contract holds for every adapter: a collection name is
 * `^[a-z][a-z0-9_]{0,62}$` (lower case only, since some stores ignore the case of names;
 * `checkpoints` is reserved), and a field path is identifier segments joined by dots. `id` is the
 * document id; `_id` and `_position` are reserved top-level fields.
 */

/**
 * Any JSON object with a string id. Values are stored as `JSON.stringify` would write them (a `Date`
 * comes back as its ISO string, `undefined` fields are dropped). Keys may not contain a dot or start
 * with `$` (`InvalidReadDocumentError`). Declare views with `type`, not `interface`: only type
 * aliases fit the index signature.
 */
export type ReadDocument = { id: string; [field: string]: unknown };

export type Scalar = string | number | boolean | null;

/**
 * Equality on one field (`null` also matches a missing field), or membership with `$in`.
 * Filtered fields hold scalars: matching inside arrays is not part of the language.
 */
export type FieldCondition = Scalar | { $in: readonly Scalar[] } | RangeCondition;

/**
 * A strict or inclusive bound on a string or number field (keyset paging: "after this key").
 * Strings compare by code point (UTF-8 bytes) on both adapters; a value of another JSON type never matches.
 */
export type RangeCondition = { [op in RangeOperator]?: string | number };
export type RangeOperator = '$lt' | '$lte' | '$gt' | '$gte';
export const RANGE_OPERATORS: readonly RangeOperator[] = ['$lt', '$lte', '$gt', '$gte'];

/** Every condition must hold. Keys are field paths: `status`, `driver.driverId`, `id`. */
export type Filter = Readonly<Record<string, FieldCondition>>;

export type SortDirection = 'asc' | 'desc';
export type FieldOrder = readonly [field: string, direction: SortDirection];

/**
 * A compound index, fields in order. A sorted query is answered from an index whose fields are the
 * equality-filtered ones followed by the sort fields, ending with `id` (see `FindOptions.sort`).
 */
export type IndexSpec = readonly FieldOrder[];

export type FindOptions = {
  /** Ties are always broken by `id` ascending, so paging with skip/limit is stable. */
  sort?: readonly FieldOrder[];
  limit?: number;
  skip?: number;
};

/**
 * `position` is the global position of the last event applied to that document. A write older
 * than the stored document's position is skipped, so a replayed batch never regresses a view.
 * Upserts replace the whole document.
 */
export type DocumentChange =
  | { kind: 'upsert'; collection: string; document: ReadDocument; position: number }
  | { kind: 'delete'; collection: string; id: string; position: number };

/** One projection's part of a batch: its document changes and where its checkpoint moves. */
export type ProjectionCommit = { projection: string; changes: readonly DocumentChange[]; checkpoint: number };

/** `shadow` (a fully built copy) takes the place of `target`, whose old content is dropped. */
export type CollectionSwap = { target: string; shadow: string };

/**
 * The read store keeps its read models' checkpoints beside their documents (a commit moves both
 * at once), and is the checkpoint store of every other follower where one store is shared by all
 * hosts (see the composition root).
 */
export interface ReadStore extends CheckpointStore {
  /** The caller vouches for `T`: it is the shape the projection wrote. */
  get<T extends ReadDocument = ReadDocument>(collection: string, id: string): Promise<T | null>;
  find<T extends ReadDocument = ReadDocument>(collection: string, filter: Filter, options?: FindOptions): Promise<T[]>;
  /**
   * Applies the changes, then moves the projection's checkpoint forward to `checkpoint` (it never
   * moves back here). When one document appears several times, the change with the highest position
   * wins. Atomic where the adapter can be; otherwise correct by idempotence (see the adapter).
   */
  commit(projection: string, changes: readonly DocumentChange[], checkpoint: number): Promise<void>;
  /**
   * Several projections' commits of one batch, each as `commit` does it: in one transaction where
   * the adapter has them (one commit's fixed cost instead of one per read model), otherwise one
   * after another, each correct by idempotence, so a failure may leave the earlier ones applied.
   */
  commitAll(commits: readonly ProjectionCommit[]): Promise<void>;
  /** Creates the collection and any index not there yet; calling it again is harmless. */
  ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void>;
  /**
   * Rebuild switch-over while serving: each shadow replaces its target (indexes travel with the
   * shadow), then the checkpoint is set to exactly `checkpoint` (it may move back or forward).
   * Throws `CollectionNotFoundError` before changing anything when a shadow does not exist.
   */
  replaceCollections(swaps: readonly CollectionSwap[], checkpoint: Checkpoint): Promise<void>;
  /**
   * True when readers see either the old or the new target, never a missing one. When false, a
   * reader may see an empty target for the few milliseconds of the switch-over. Whether swaps of
   * several collections are atomic *across* collections is the adapter's to say.
   */
  readonly swapIsAtomic: boolean;
  /** Drops the collection and its indexes; a missing collection is fine. */
  dropCollection(collection: string): Promise<void>;
  /** True when the store answers; used by readiness probes. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const READ_STORE: Token<ReadStore> = token('ReadStore');

export class InvalidReadStoreNameError extends Error {
  override readonly name = 'InvalidReadStoreNameError';
  constructor(
    readonly kind: 'collection' | 'field',
    readonly value: string,
  ) {
    super(`Invalid ${kind} name for the read store: ${JSON.stringify(value)}`);
  }
}

export class InvalidReadDocumentError extends Error {
  override readonly name = 'InvalidReadDocumentError';
  constructor(
    readonly collection: string,
    readonly reason: string,
  ) {
    super(`Invalid document for ${collection}: ${reason}`);
  }
}

export class CollectionNotFoundError extends Error {
  override readonly name = 'CollectionNotFoundError';
  constructor(readonly collection: string) {
    super(`Collection ${collection} does not exist`);
  }
}
