import { expect } from 'chai';
import { reportRanAgainst } from '../support/ran-against.js';
import { InvalidReadDocumentError, InvalidReadStoreNameError, type ReadStore } from '../../src/application/ports/read-store.js';
import { rejectionOf, remove, upsert } from './read-store.helpers.js';
import { readStoreKeysetContract } from './read-store-keyset.contract.js';
import { readStoreQueryContract } from './read-store-queries.contract.js';
import { readStoreRebuildContract } from './read-store-rebuild.contract.js';
import { readStoreViewsContract } from './read-store-views.contract.js';

export type ReadStoreFactory = () => Promise<{ store: ReadStore; cleanup: () => Promise<void> }>;

/**
 * The behaviour every ReadStore adapter must share. The factory hands out a store on a fresh
 * database (file or Mongo database) per test.
 */
export const readStoreContract = (adapterName: string, factory: ReadStoreFactory) => {
  describe(`ReadStore contract — ${adapterName}`, () => {
    let store: ReadStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await factory()));
    afterEach(async () => cleanup());
    const current = () => store;
    reportRanAgainst('read-store contract', adapterName);

    readStoreQueryContract(current);
    readStoreRebuildContract(current);
    readStoreViewsContract(current);
    readStoreKeysetContract(current);

    describe('committing a batch', () => {
      it('applies upserts and deletes over several collections and moves the checkpoint', async () => {
        await store.commit('dashboard', [upsert('calls', { id: 'c1', n: 1 }, 1), upsert('calls', { id: 'c2', n: 1 }, 1)], 1);
        await store.commit('dashboard', [remove('calls', 'c1', 2), upsert('passenger_calls', { id: 'p1', calls: ['c2'] }, 2)], 2);
        expect(await store.find('calls', {})).to.deep.equal([{ id: 'c2', n: 1 }]);
        expect(await store.get('passenger_calls', 'p1')).to.deep.equal({ id: 'p1', calls: ['c2'] });
        expect(await store.getCheckpoint('dashboard')).to.equal(2);
      });

      it('commits several projections at once, each with its own checkpoint, never moving one back', async () => {
        await store.commit('drivers', [], 9);
        await store.commitAll([
          { projection: 'dashboard', changes: [upsert('calls', { id: 'c1', n: 1 }, 5)], checkpoint: 6 },
          { projection: 'drivers', changes: [upsert('drivers', { id: 'd1', busy: true }, 4), remove('drivers', 'gone', 6)], checkpoint: 6 },
          { projection: 'idle', changes: [], checkpoint: 6 },
        ]);
        expect(await store.get('calls', 'c1')).to.deep.equal({ id: 'c1', n: 1 });
        expect(await store.get('drivers', 'd1')).to.deep.equal({ id: 'd1', busy: true });
        expect(await store.listCheckpoints()).to.deep.equal([
          { name: 'dashboard', position: 6 },
          { name: 'drivers', position: 9 },
          { name: 'idle', position: 6 },
        ]);
        await store.commitAll([]);
      });

      it('replaces the whole document on upsert', async () => {
        await store.commit('p', [upsert('calls', { id: 'c1', status: 'REQUESTED', note: 'gate 3' }, 1)], 1);
        await store.commit('p', [upsert('calls', { id: 'c1', status: 'DISPATCHED' }, 2)], 2);
        expect(await store.get('calls', 'c1')).to.deep.equal({ id: 'c1', status: 'DISPATCHED' });
      });

      it('never lets a replayed older commit regress a document', async () => {
        await store.commit('p', [upsert('calls', { id: 'c1', status: 'REQUESTED' }, 3)], 3);
        await store.commit('p', [upsert('calls', { id: 'c1', status: 'DRIVING' }, 7)], 7);
        await store.commit('p', [upsert('calls', { id: 'c1', status: 'REQUESTED' }, 3), upsert('calls', { id: 'c9', status: 'NEW' }, 3)], 3);
        expect(await store.get('calls', 'c1')).to.deep.equal({ id: 'c1', status: 'DRIVING' });
        expect(await store.get('calls', 'c9')).to.deep.equal({ id: 'c9', status: 'NEW' });
        expect(await store.getCheckpoint('p')).to.equal(7);
      });

      it('gives the same documents when the same batch is applied twice', async () => {
        const batch = [upsert('calls', { id: 'c1', v: 1 }, 4), upsert('calls', { id: 'c2', v: 2 }, 5), remove('calls', 'c3', 5)];
        await store.commit('p', [upsert('calls', { id: 'c3', v: 0 }, 1)], 1);
        await store.commit('p', batch, 5);
        const once = await store.find('calls', {});
        await store.commit('p', batch, 5);
        expect(await store.find('calls', {}))
          .to.deep.equal(once)
          .and.to.deep.equal([
            { id: 'c1', v: 1 },
            { id: 'c2', v: 2 },
          ]);
      });

      it('skips a late delete older than the stored document and applies a newer one', async () => {
        await store.commit('p', [upsert('calls', { id: 'c1', v: 2 }, 6)], 6);
        await store.commit('p', [remove('calls', 'c1', 4)], 6);
        expect(await store.get('calls', 'c1')).to.deep.equal({ id: 'c1', v: 2 });
        await store.commit('p', [remove('calls', 'c1', 8), remove('calls', 'never-there', 8)], 8);
        expect(await store.get('calls', 'c1')).to.equal(null);
      });

      it('keeps, of several changes to one document in a batch, the one with the highest position', async () => {
        await store.commit(
          'p',
          [upsert('calls', { id: 'c1', v: 1 }, 6), remove('calls', 'c1', 7), upsert('calls', { id: 'c2', v: 1 }, 9), remove('calls', 'c2', 8)],
          9,
        );
        expect(await store.find('calls', {})).to.deep.equal([{ id: 'c2', v: 1 }]);
      });

      it('updates many documents in one batch, skipping exactly the older ones on replay', async () => {
        const id = (i: number) => `c${String(i).padStart(3, '0')}`;
        await store.commit(
          'p',
          Array.from({ length: 240 }, (_, i) => upsert('calls', { id: id(i), v: 'first' }, 10)),
          10,
        );
        const mixed = Array.from({ length: 240 }, (_, i) => upsert('calls', { id: id(i), v: 'second' }, i % 2 === 0 ? 11 : 9));
        await store.commit('p', mixed, 11);
        const all = await store.find('calls', {});
        expect(all.map((doc) => doc.id)).to.deep.equal(Array.from({ length: 240 }, (_, i) => id(i)));
        expect(all.map((doc) => doc.v)).to.deep.equal(Array.from({ length: 240 }, (_, i) => (i % 2 === 0 ? 'second' : 'first')));
        expect(await store.getCheckpoint('p')).to.equal(11);
      });

      it('rejects a document without an id, with a reserved field or a dotted or $ key, writing nothing', async () => {
        const bad = [upsert('calls', { id: 'c1' }, 1), upsert('calls', { id: 'c2', _position: 1 }, 1)];
        expect(await rejectionOf(store.commit('p', bad, 1))).to.be.instanceOf(InvalidReadDocumentError);
        const noId = [upsert('calls', { id: '' }, 1)];
        expect(await rejectionOf(store.commit('p', noId, 1))).to.be.instanceOf(InvalidReadDocumentError);
        for (const fields of [{ 'a.b': 1 }, { nested: { $set: 1 } }, { list: [{ 'x.y': 2 }] }]) {
          const error = await rejectionOf(store.commit('p', [upsert('calls', { id: 'c3', ...fields }, 1)], 1));
          expect(error, JSON.stringify(fields)).to.be.instanceOf(InvalidReadDocumentError);
        }
        expect(await store.get('calls', 'c1')).to.equal(null);
        expect(await store.getCheckpoint('p')).to.equal(0);
      });

      it('rejects collection names that are not identifier-safe or reserved', async () => {
        for (const name of ['Calls', 'calls-2', 'calls"; DROP TABLE x; --', '1calls', 'checkpoints', '', 'a.b']) {
          expect(await rejectionOf(store.commit('p', [upsert(name, { id: 'c1' }, 1)], 1)), name).to.be.instanceOf(InvalidReadStoreNameError);
          expect(await rejectionOf(store.get(name, 'c1')), name).to.be.instanceOf(InvalidReadStoreNameError);
        }
      });
    });

    describe('checkpoints', () => {
      it('reads 0 for a projection that never committed', async () => {
        expect(await store.getCheckpoint('nobody')).to.equal(0);
        expect(await store.listCheckpoints()).to.deep.equal([]);
      });

      it('round-trips, lists by name, never moves back on commit and resets to 0', async () => {
        await store.commit('passenger-dashboard', [], 42);
        await store.commit('call-list', [], 7);
        await store.commit('passenger-dashboard', [], 40);
        expect(await store.getCheckpoint('passenger-dashboard')).to.equal(42);
        expect(await store.listCheckpoints()).to.deep.equal([
          { name: 'call-list', position: 7 },
          { name: 'passenger-dashboard', position: 42 },
        ]);
        await store.resetCheckpoint('passenger-dashboard');
        expect(await store.getCheckpoint('passenger-dashboard')).to.equal(0);
        expect(await store.listCheckpoints()).to.deep.equal([{ name: 'call-list', position: 7 }]);
      });
    });

    it('answers ping', async () => {
      expect(await store.ping()).to.equal(true);
    });
  });
};
