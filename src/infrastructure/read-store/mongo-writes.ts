import { type AnyBulkWriteOperation, type Collection, type Db, MongoBulkWriteError, MongoServerError } from 'mongodb';
import type { DocumentChange } from '../../application/ports/read-store.js';
import { groupByCollection } from './read-store-rules.js';
import { type StoredDocument, toConditionalWrite } from './mongo-documents.js';

const DUPLICATE_KEY = 11000;

/**
 * FerretDB 1.24 (SQLite backend) hangs on an `update` command of more than ~100 statements: each
 * statement keeps its query cursor open until the command ends and its connection pool holds 100.
 * Fifty per command stays well clear of that and costs MongoDB little.
 */
export const STATEMENTS_PER_COMMAND = 50;

/** True when every failure of the write was a duplicate key, i.e. a newer document was already there. */
export const onlyDuplicateKeys = (error: unknown): boolean => {
  if (error instanceof MongoBulkWriteError) {
    const writeErrors = [error.writeErrors].flat();
    return error.err === undefined && writeErrors.length > 0 && writeErrors.every((e) => e.code === DUPLICATE_KEY);
  }
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
};

export const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));

/**
 * One bulk command per chunk, `ordered` so both servers behave alike: MongoDB stops at the first
 * error of an ordered bulk, and FerretDB 1.x stops at the first error whatever `ordered` says (and
 * reports every write error at index 0). So after a duplicate key we do not know how far the chunk
 * got; every write is conditional, hence idempotent, so the chunk is simply replayed one write at a
 * time, skipping each "already newer" document.
 */
const writeChunk = async (collection: Collection<StoredDocument>, operations: Array<AnyBulkWriteOperation<StoredDocument>>) => {
  try {
    await collection.bulkWrite(operations, { ordered: true });
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw error;
    for (const operation of operations) await writeOne(collection, operation);
  }
};

const writeOne = async (collection: Collection<StoredDocument>, operation: AnyBulkWriteOperation<StoredDocument>) => {
  try {
    await collection.bulkWrite([operation], { ordered: true });
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw error;
  }
};

/**
 * The MongoDB strategy: every write carries its own condition, so it is atomic per document even
 * with two writers. `changes` hold at most one change per document (coalesced), so order is free.
 */
export const conditionalWrites = async (db: Db, changes: readonly DocumentChange[]): Promise<void> => {
  // Every document is validated before the first write, so a bad one does not leave half a batch.
  const plan = [...groupByCollection(changes)].map(([name, group]) => [name, group.map(toConditionalWrite)] as const);
  for (const [name, operations] of plan) {
    const collection = db.collection<StoredDocument>(name);
    for (const chunk of chunks(operations, STATEMENTS_PER_COMMAND)) await writeChunk(collection, chunk);
  }
};

/**
 * An upsert racing another upsert of the same new `_id` can fail with a duplicate key (MongoDB
 * retries that case itself since 4.2, FerretDB does not); the second attempt finds the document.
 */
export const upsertOnce = async (write: () => Promise<unknown>): Promise<void> => {
  try {
    await write();
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw error;
    await write();
  }
};
