import {
  type CollectionSwap,
  type DocumentChange,
  type Filter,
  type FindOptions,
  type IndexSpec,
  InvalidReadDocumentError,
  InvalidReadStoreNameError,
  type ReadDocument,
} from '../../application/ports/read-store.js';

/**
 * Rules both adapters share, so that what one accepts the other accepts too. Names are checked
 * here rather than escaped: they end up inside SQL text (table names, and `json_extract` paths that
 * must be literals for SQLite to match them against expression indexes).
 */
const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
export const CHECKPOINTS = 'checkpoints';
const RESERVED_FIELDS = ['_id', '_position'];

export const assertCollectionName = (name: string): string => {
  if (!COLLECTION_NAME.test(name) || name === CHECKPOINTS) throw new InvalidReadStoreNameError('collection', name);
  return name;
};

export const assertFieldPath = (path: string): string => {
  if (!FIELD_PATH.test(path) || RESERVED_FIELDS.includes(path.split('.')[0]!)) {
    throw new InvalidReadStoreNameError('field', path);
  }
  return path;
};

export const assertFilter = (filter: Filter): void => {
  for (const path of Object.keys(filter)) assertFieldPath(path);
};

export const assertIndexes = (indexes: readonly IndexSpec[]): void => {
  for (const index of indexes) {
    if (index.length === 0) throw new InvalidReadStoreNameError('field', '(empty index)');
    for (const [path] of index) assertFieldPath(path);
  }
};

export const assertCount = (what: string, value: number | undefined): void => {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
  }
};

export const assertFindOptions = (options: FindOptions): void => {
  for (const [path] of options.sort ?? []) assertFieldPath(path);
  assertCount('limit', options.limit);
  assertCount('skip', options.skip);
};

export const assertSwaps = (swaps: readonly CollectionSwap[]): void => {
  for (const { target, shadow } of swaps) {
    [target, shadow].forEach(assertCollectionName);
    if (target === shadow) throw new InvalidReadStoreNameError('collection', `${shadow} (shadow and target are the same)`);
  }
};

/**
 * The document as JSON text, which is exactly what both adapters store (what `JSON.stringify`
 * keeps). Keys with a dot or a leading `$` are refused everywhere: FerretDB rejects them, and a
 * dotted key could not be told apart from a dotted path in a filter.
 */
export const toJsonText = (collection: string, document: ReadDocument): string => {
  if (typeof document.id !== 'string' || document.id === '') {
    throw new InvalidReadDocumentError(collection, 'id must be a non-empty string');
  }
  const reserved = RESERVED_FIELDS.find((field) => Object.hasOwn(document, field));
  if (reserved) throw new InvalidReadDocumentError(collection, `${reserved} is reserved for the store`);
  assertFieldNames(collection, document);
  // Without a replacer, so V8 takes its fast path: a replacer made this a rebuild's largest cost.
  return JSON.stringify(document);
};

const assertFieldNames = (collection: string, value: unknown): void => {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) assertFieldNames(collection, item);
    return;
  }
  for (const key of Object.keys(value)) {
    if (key.includes('.') || key.startsWith('$')) throw new InvalidReadDocumentError(collection, `field name ${JSON.stringify(key)}`);
    assertFieldNames(collection, (value as Record<string, unknown>)[key]);
  }
};

/** A copy of the document through JSON (see `toJsonText`), for an adapter that stores objects. */
export const toJsonDocument = (collection: string, document: ReadDocument): ReadDocument =>
  JSON.parse(toJsonText(collection, document)) as ReadDocument;

/** The last change of each document, in first-seen order: the batch then needs no ordering. */
export const coalesceChanges = (changes: readonly DocumentChange[]): DocumentChange[] => {
  const latest = new Map<string, DocumentChange>();
  const checked = new Set<string>();
  for (const change of changes) {
    if (!checked.has(change.collection)) checked.add(assertCollectionName(change.collection));
    assertCount('position', change.position);
    const id = change.kind === 'upsert' ? change.document.id : change.id;
    // A collection name has no space (assertCollectionName), so this key names one document.
    const key = `${change.collection} ${id}`;
    const previous = latest.get(key);
    if (!previous || change.position >= previous.position) latest.set(key, change);
  }
  return [...latest.values()];
};

export const groupByCollection = <T extends { collection: string }>(items: readonly T[]): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.collection);
    if (group) group.push(item);
    else groups.set(item.collection, [item]);
  }
  return groups;
};
