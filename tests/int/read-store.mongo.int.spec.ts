import { expect } from 'chai';
import { MongoReadStore } from '../../src/infrastructure/read-store/mongo-read-store.js';
import { dropDatabase, freshDbName, mongoSuite, scratchMongoDb } from '../support/mongo-test-db.js';
import { readStoreContract } from './read-store.contract.js';
import { upsert } from './read-store.helpers.js';

/** Runs against the server at MONGO_URL (see `mongoUrl`); every test gets a database of its own, dropped afterwards. */
mongoSuite('ReadStore contract — MongoDB / FerretDB', (url) => {
  // Each write strategy on whatever server this is: the default one for the server is what runs in
  // production, the other one keeps being proven so that either can be chosen.
  for (const writes of ['conditional', 'checked'] as const) {
    readStoreContract(`Mongo at ${url}, ${writes} writes`, async () => {
      const dbName = freshDbName('rs_test');
      const store = await MongoReadStore.connect(url, dbName, { writes });
      return {
        store,
        cleanup: async () => {
          await dropDatabase(url, dbName);
          await store.close();
        },
      };
    });
  }

  describe('Mongo read store', () => {
    const db = scratchMongoDb(url, 'rs_test');
    let store: MongoReadStore;
    beforeEach(async () => {
      store = await MongoReadStore.connect(url, db.dbName);
    });
    afterEach(async () => store.close());

    it('stores the id as _id and the position of the last applied event as _position', async () => {
      await store.commit('p', [upsert('calls', { id: 'c1', status: 'REQUESTED' }, 12)], 12);
      expect(await db.client.db(db.dbName).collection('calls').findOne({})).to.deep.equal({ _id: 'c1', status: 'REQUESTED', _position: 12 });
    });

    it('repairs documents ahead of the checkpoint after a crash between documents and checkpoint', async () => {
      // What a crash leaves: the documents of the batch up to position 20 written, the checkpoint still at 10.
      await store.commit('p', [upsert('calls', { id: 'c1', v: 'at 10' }, 10)], 10);
      await db.client
        .db(db.dbName)
        .collection('calls')
        .replaceOne({ _id: 'c1' as never }, { v: 'at 20', _position: 20 });
      // The projector replays from 10: the replayed older write is skipped, the newer one applies.
      await store.commit('p', [upsert('calls', { id: 'c1', v: 'at 15' }, 15), upsert('calls', { id: 'c2', v: 'at 20' }, 20)], 20);
      expect(await store.find('calls', {})).to.deep.equal([
        { id: 'c1', v: 'at 20' },
        { id: 'c2', v: 'at 20' },
      ]);
      await store.commit('p', [upsert('calls', { id: 'c1', v: 'at 25' }, 25)], 25);
      expect(await store.get('calls', 'c1')).to.deep.equal({ id: 'c1', v: 'at 25' });
    });

    it('tells whether the server can swap collections atomically (FerretDB 1.x cannot)', async () => {
      const buildInfo = await db.client.db('admin').command({ buildInfo: 1 });
      expect(store.swapIsAtomic).to.equal(buildInfo.ferretdbVersion === undefined);
    });

    it('creates the indexes it is asked for, named after their keys', async () => {
      await store.ensureIndexes('calls', [
        [
          ['passengerId', 'asc'],
          ['requestedAt', 'desc'],
          ['id', 'asc'],
        ],
        [['id', 'asc']],
      ]);
      const names = (await db.client.db(db.dbName).collection('calls').listIndexes().toArray()).map((index) => index.name);
      expect(names).to.have.members(['_id_', 'passengerId_1_requestedAt_-1__id_1']);
    });
  });
});
