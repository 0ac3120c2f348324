import { expect } from 'chai';
import type { ReadDocument, ReadStore } from '../../src/application/ports/read-store.js';
import { decodeCursor, keysetPage } from '../../src/projections/queries/keyset.js';
import { upsert } from './read-store.helpers.js';

const entry = (id: string, requestedAt: string): ReadDocument => ({ id, callId: id, requestedAt });

/** Every page from the first to the one without a cursor, as ids. */
const pageThrough = async (store: ReadStore, limit: number): Promise<string[][]> => {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page: { items: ReadDocument[]; nextCursor: string | null } = await keysetPage(
      store,
      { collection: 'dashboard', filter: {}, sortField: 'requestedAt', limit, cursor: cursor === null ? null : decodeCursor(cursor) },
      (doc) => String(doc.requestedAt),
    );
    pages.push(page.items.map((doc) => doc.id));
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length <= 20);
  return pages;
};

const chunks = (ids: string[], size: number) => Array.from({ length: Math.ceil(ids.length / size) }, (_, i) => ids.slice(i * size, (i + 1) * size));

/** Keyset pages at their edges, on the adapter under test. Part of `readStoreContract`. */
export const readStoreKeysetContract = (current: () => ReadStore) => {
  describe('keyset pages at their edges', () => {
    const store = () => current();
    const seed = async (docs: ReadDocument[]) =>
      store().commit(
        'dashboard',
        docs.map((doc) => upsert('dashboard', doc, 1)),
        1,
      );

    it('answers no cursor on an exactly full last page, so a client never fetches an empty one', async () => {
      await seed([entry('a', 't4'), entry('b', 't3'), entry('c', 't2'), entry('d', 't1')]);
      expect(await pageThrough(store(), 2)).to.deep.equal([
        ['a', 'b'],
        ['c', 'd'],
      ]);
      expect(await pageThrough(store(), 4)).to.deep.equal([['a', 'b', 'c', 'd']]);
    });

    it('loses no item when more than a page of items share the last sort key', async () => {
      // Newest first, ties by id: e (t3), then six calls of the same second t1.
      const tied = ['a', 'b', 'c', 'd', 'f', 'g'];
      await seed([entry('e', 't3'), ...tied.map((id) => entry(id, 't1'))]);
      const everything = ['e', ...tied];
      for (let limit = 1; limit <= everything.length + 1; limit++) {
        expect(await pageThrough(store(), limit), `limit ${limit}`).to.deep.equal(chunks(everything, limit));
      }
    });

    it('loses no item when a page boundary falls inside a run of ties in the middle', async () => {
      await seed([entry('x', 't9'), entry('a', 't5'), entry('b', 't5'), entry('c', 't5'), entry('d', 't5'), entry('y', 't1')]);
      const everything = ['x', 'a', 'b', 'c', 'd', 'y'];
      for (let limit = 1; limit <= everything.length + 1; limit++) {
        expect(await pageThrough(store(), limit), `limit ${limit}`).to.deep.equal(chunks(everything, limit));
      }
    });
  });
};
