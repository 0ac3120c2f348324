import { expect } from 'chai';
import {
  CollectionNotFoundError,
  type IndexSpec,
  InvalidReadStoreNameError,
  type ReadDocument,
  type ReadStore,
} from '../../src/application/ports/read-store.js';
import { rejectionOf, upsert } from './read-store.helpers.js';
import { eventually } from '../support/eventually.js';

const INDEXES: IndexSpec[] = [
  [
    ['passengerId', 'asc'],
    ['requestedAt', 'desc'],
    ['id', 'asc'],
  ],
  [['status', 'asc']],
  [
    ['driver.driverId', 'asc'],
    ['status', 'asc'],
  ],
  [['id', 'asc']],
];

const versionsOf = (documents: ReadDocument[]) => [...new Set(documents.map((document) => document.version))];

const build = async (store: ReadStore, projection: string, collection: string, version: string, count: number, position: number) => {
  await store.ensureIndexes(collection, INDEXES);
  const documents = Array.from({ length: count }, (_, i) => ({ id: `c${i}`, passengerId: `p${i % 3}`, status: 'REQUESTED', version }));
  await store.commit(
    projection,
    documents.map((document) => upsert(collection, document, position)),
    position,
  );
};

/** Indexes and the rebuild switch-over. Part of `readStoreContract`. */
export const readStoreRebuildContract = (current: () => ReadStore) => {
  describe('indexes', () => {
    it('can be ensured twice, on dotted fields and id too, and queries still answer', async () => {
      const store = current();
      await store.ensureIndexes('calls', INDEXES);
      await store.ensureIndexes('calls', INDEXES);
      await store.commit(
        'p',
        [upsert('calls', { id: 'c1', passengerId: 'p1', requestedAt: '2024', status: 'REQUESTED', driver: { driverId: 'd1' } }, 1)],
        1,
      );
      await store.ensureIndexes('calls', [...INDEXES, [['requestedAt', 'asc']]]);
      expect(await store.find('calls', { passengerId: 'p1' }, { sort: [['requestedAt', 'desc']] })).to.have.length(1);
      expect(await store.find('calls', { 'driver.driverId': 'd1', status: 'REQUESTED' })).to.have.length(1);
    });

    it('creates the collection even without secondary indexes', async () => {
      const store = current();
      await store.ensureIndexes('empty_view', []);
      await store.ensureIndexes('empty_view', []);
      expect(await store.find('empty_view', {})).to.deep.equal([]);
    });
  });

  describe('rebuild switch-over', () => {
    it('puts the shadow in place of the target, drops the old content and sets the checkpoint exactly', async () => {
      const store = current();
      await build(store, 'dashboard', 'calls', 'old', 5, 90);
      await build(store, 'dashboard-rebuild', 'calls_shadow', 'new', 3, 80);
      await store.replaceCollections([{ target: 'calls', shadow: 'calls_shadow' }], { name: 'dashboard', position: 80 });
      const calls = await store.find('calls', {});
      expect(calls.map((c) => c.id)).to.deep.equal(['c0', 'c1', 'c2']);
      expect(versionsOf(calls)).to.deep.equal(['new']);
      expect(await store.getCheckpoint('dashboard')).to.equal(80);
      expect(await store.find('calls_shadow', {})).to.deep.equal([]);
    });

    it('swaps several collections, also when a target does not exist yet', async () => {
      const store = current();
      await build(store, 'r', 'calls_next', 'new', 2, 5);
      await build(store, 'r', 'drivers_next', 'new', 1, 5);
      await store.replaceCollections(
        [
          { target: 'calls', shadow: 'calls_next' },
          { target: 'drivers', shadow: 'drivers_next' },
        ],
        { name: 'views', position: 5 },
      );
      expect(await store.find('calls', {})).to.have.length(2);
      expect(await store.find('drivers', {})).to.have.length(1);
      expect(await store.getCheckpoint('views')).to.equal(5);
    });

    it('can run again with the same shadow name, indexes included', async () => {
      const store = current();
      for (const [round, version] of ['first', 'second', 'third'].entries()) {
        await build(store, 'rebuild', 'calls_shadow', version, 4 + round, 10 + round);
        await store.replaceCollections([{ target: 'calls', shadow: 'calls_shadow' }], { name: 'dashboard', position: 10 + round });
        await store.ensureIndexes('calls', INDEXES);
        const calls = await store.find('calls', { passengerId: 'p1' }, { sort: [['requestedAt', 'desc']] });
        expect(versionsOf(calls)).to.deep.equal([version]);
        expect(await store.find('calls', {})).to.have.length(4 + round);
      }
    });

    it('refuses a missing shadow or a shadow that is its own target, changing nothing', async () => {
      const store = current();
      await build(store, 'dashboard', 'calls', 'old', 2, 9);
      const missing = await rejectionOf(store.replaceCollections([{ target: 'calls', shadow: 'calls_nope' }], { name: 'dashboard', position: 1 }));
      expect(missing).to.be.instanceOf(CollectionNotFoundError);
      const same = await rejectionOf(store.replaceCollections([{ target: 'calls', shadow: 'calls' }], { name: 'dashboard', position: 1 }));
      expect(same).to.be.instanceOf(InvalidReadStoreNameError);
      expect(await store.find('calls', {})).to.have.length(2);
      expect(await store.getCheckpoint('dashboard')).to.equal(9);
    });

    it('keeps answering reads during the swap: old or new content, never a mix or an error', async () => {
      const store = current();
      await build(store, 'dashboard', 'calls', 'old', 30, 50);
      await build(store, 'rebuild', 'calls_shadow', 'new', 20, 50);
      let swapped = false;
      const seen: string[] = [];
      const reader = (async () => {
        while (!swapped) {
          const calls = await store.find('calls', {}, { sort: [['passengerId', 'asc']] });
          seen.push(calls.length === 0 ? 'empty' : `${versionsOf(calls).join('+')}:${calls.length}`);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      await eventually(() => seen.length >= 3, 5_000, 'the reader reading before the swap', 1);
      await store.replaceCollections([{ target: 'calls', shadow: 'calls_shadow' }], { name: 'dashboard', position: 50 });
      swapped = true;
      await reader;
      const allowed = store.swapIsAtomic ? ['old:30', 'new:20'] : ['old:30', 'new:20', 'empty'];
      expect(
        seen.filter((answer) => !allowed.includes(answer)),
        `answers seen: ${seen.join(', ')}`,
      ).to.deep.equal([]);
      expect(seen).to.include('old:30');
      expect(versionsOf(await store.find('calls', {}))).to.deep.equal(['new']);
    });
  });

  describe('dropping a collection', () => {
    it('removes its documents, and dropping a missing one is fine', async () => {
      const store = current();
      await build(store, 'p', 'calls', 'v', 3, 1);
      await store.dropCollection('calls');
      await store.dropCollection('calls');
      await store.dropCollection('never_there');
      expect(await store.find('calls', {})).to.deep.equal([]);
      await store.commit('p', [upsert('calls', { id: 'c1' }, 2)], 2);
      expect(await store.get('calls', 'c1')).to.deep.equal({ id: 'c1' });
    });
  });
};
