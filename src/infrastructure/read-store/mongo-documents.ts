import type { AnyBulkWriteOperation, Document, IndexDescription } from 'mongodb';
import type { DocumentChange, Filter, FindOptions, IndexSpec, RangeCondition, ReadDocument } from '../../application/ports/read-store.js';
import { toJsonDocument } from './read-store-rules.js';

/**
 * Translation between the read store's language and Mongo's. The port's `id` is Mongo's `_id`;
 * `_position` (the global position of the last event applied to the document) is stored alongside
 * and never shown to readers.
 */
export type StoredDocument = Document & { _id: string; _position: number };

export const POSITION = '_position';
export const WITHOUT_POSITION = { [POSITION]: 0 } as const;

const mongoPath = (path: string): string => (path === 'id' ? '_id' : path);

/** A bound on a string is only met by strings, as on SQLite (Mongo compares within a type too). */
const rangeOf = (condition: RangeCondition): Document => ({ ...condition });

export const toMongoFilter = (filter: Filter): Document =>
  Object.fromEntries(
    Object.entries(filter).map(([path, condition]) => [
      mongoPath(path),
      condition === null || typeof condition !== 'object' ? condition : '$in' in condition ? { $in: [...(condition.$in ?? [])] } : rangeOf(condition),
    ]),
  );

/** Ties broken by `_id`, as the SQLite adapter breaks them by `id`, so paging is stable. */
export const toMongoSort = (sort: FindOptions['sort'] = []): Array<[string, 1 | -1]> => {
  const keys: Array<[string, 1 | -1]> = sort.map(([path, direction]) => [mongoPath(path), direction === 'asc' ? 1 : -1]);
  return keys.some(([path]) => path === '_id') ? keys : [...keys, ['_id', 1]];
};

/** Default index names (`status_1_requestedAt_-1`) depend only on the keys, so a repeat is a no-op. */
export const toIndexDescriptions = (indexes: readonly IndexSpec[]): IndexDescription[] =>
  indexes
    .filter((index) => !(index.length === 1 && index[0]![0] === 'id'))
    .map((index) => ({ key: Object.fromEntries(index.map(([path, direction]) => [mongoPath(path), direction === 'asc' ? 1 : -1])) }));

/** The read store's contract: the caller vouches for `T`, the shape its projection wrote. */
export const fromStored = <T extends ReadDocument>(stored: Document): T => {
  const { _id, [POSITION]: _position, ...rest } = stored;
  const document: ReadDocument = { id: String(_id), ...rest };
  return document as T;
};

/** The stored form of an upsert: `_id` from the id, `_position` from the change. */
export const toStored = (change: Extract<DocumentChange, { kind: 'upsert' }>): StoredDocument => {
  const { id, ...rest } = toJsonDocument(change.collection, change.document);
  return { _id: id, ...rest, [POSITION]: change.position };
};

/**
 * Conditional writes: an upsert replaces the document only when the stored one is older; a delete
 * removes it only when it is not newer. When a newer document exists the upsert's filter matches
 * nothing, so Mongo tries to insert and fails on the `_id` (duplicate key, 11000): that failure
 * means "already newer" and the caller skips it.
 */
export const toConditionalWrite = (change: DocumentChange): AnyBulkWriteOperation<StoredDocument> => {
  if (change.kind === 'delete') {
    return { deleteOne: { filter: { _id: change.id, [POSITION]: { $lte: change.position } } } };
  }
  const { _id, ...replacement } = toStored(change);
  return { replaceOne: { filter: { _id, [POSITION]: { $lt: change.position } }, replacement, upsert: true } };
};
