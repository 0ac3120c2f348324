import type { Filter, RangeCondition, ReadDocument, ReadStore } from '../../application/ports/read-store.js';

/** Where a page ends: the sort key and id of its last item. Opaque to clients (base64url JSON). */
export type Cursor = { key: string | number; id: string };

/** Every list answers this shape (`limit` ≤ 100); `nextCursor` is null on the last page. */
export type Page<T> = { items: T[]; nextCursor: string | null };

export const MAX_PAGE = 100;

export const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify([cursor.key, cursor.id]), 'utf8').toString('base64url');

/** Null for anything this server did not hand out: the route answers 400. */
export const decodeCursor = (text: string): Cursor | null => {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [key, id] = value as unknown[];
    if ((typeof key !== 'string' && typeof key !== 'number') || typeof id !== 'string') return null;
    return { key, id };
  } catch {
    return null;
  }
};

/** The tighter of an existing bound (e.g. `to=`) and the cursor's, so both hold. */
const below = (existing: Filter[string] | undefined, key: string | number): RangeCondition => {
  const bound = existing !== null && typeof existing === 'object' && !('$in' in existing) ? existing : {};
  const current = bound.$lt;
  return { ...bound, $lt: current !== undefined && current < key ? current : key };
};

export type KeysetQuery = {
  collection: string;
  filter: Filter;
  /** Newest first on this field; ties broken by id ascending (the stores' own tie-break). */
  sortField: string;
  limit: number;
  cursor: Cursor | null;
};

/**
 * Keyset paging, newest first: the page after a cursor is "same key, greater id" followed by
 * "smaller key", two index range reads. An item inserted meanwhile never shifts a page (an offset
 * would repeat or skip one), and the cursor stays valid when its own item is gone.
 */
export const keysetPage = async <T extends ReadDocument>(
  store: ReadStore,
  query: KeysetQuery,
  keyOf: (item: T) => string | number,
): Promise<{ items: T[]; nextCursor: string | null }> => {
  const { collection, filter, sortField, limit, cursor } = query;
  const wanted = limit + 1;
  let found: T[];
  if (!cursor) {
    found = await store.find<T>(collection, filter, { sort: [[sortField, 'desc']], limit: wanted });
  } else {
    const ties = await store.find<T>(
      collection,
      { ...filter, [sortField]: cursor.key, id: { $gt: cursor.id } },
      { sort: [['id', 'asc']], limit: wanted },
    );
    const older =
      ties.length >= wanted
        ? []
        : await store.find<T>(
            collection,
            { ...filter, [sortField]: below(filter[sortField], cursor.key) },
            { sort: [[sortField, 'desc']], limit: wanted - ties.length },
          );
    found = [...ties, ...older];
  }
  const items = found.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: found.length > limit && last ? encodeCursor({ key: keyOf(last), id: last.id }) : null };
};
