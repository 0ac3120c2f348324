import { expect } from 'chai';
import { MongoDriverPositions } from '../../src/infrastructure/geo/mongo-driver-positions.js';
import { dropDatabase, freshDbName, isFerretDb, mongoSuite, scratchMongoDb } from '../support/mongo-test-db.js';
import { driverPositionsContract } from './driver-positions.contract.js';

/** Runs against the server at MONGO_URL (see `mongoUrl`); every test gets a database of its own, dropped afterwards. */
mongoSuite('DriverPositions contract — MongoDB / FerretDB', (url) => {
  driverPositionsContract(
    `Mongo at ${url}`,
    async () => {
      const dbName = freshDbName('pos_test');
      const positions = new MongoDriverPositions(url, dbName);
      return {
        positions,
        cleanup: async () => {
          await dropDatabase(url, dbName);
          await positions.close();
        },
      };
    },
    async () => !(await isFerretDb(url)),
  );

  describe('Mongo driver positions', () => {
    const db = scratchMongoDb(url, 'pos_test');
    let positions: MongoDriverPositions;
    beforeEach(() => {
      positions = new MongoDriverPositions(url, db.dbName);
    });
    afterEach(async () => positions.close());

    it('keeps one document per driver: the id as _id, a GeoJSON point and the time as a date', async () => {
      await positions.save({ driverId: 'd-1', location: { lat: 37.5547, lng: 126.9707 }, at: '2026-01-15T08:00:00.000Z' });
      await positions.save({ driverId: 'd-1', location: { lat: 37.4979, lng: 127.0276 }, at: '2026-01-15T08:00:05.000Z' });
      expect(await db.client.db(db.dbName).collection('driver_positions').find({}).toArray()).to.deep.equal([
        { _id: 'd-1' as never, location: { type: 'Point', coordinates: [127.0276, 37.4979] }, at: new Date('2026-01-15T08:00:05.000Z') },
      ]);
    });

    it('indexes the time of the position, for what changed since', async () => {
      await positions.lastKnown();
      const names = (await db.client.db(db.dbName).collection('driver_positions').listIndexes().toArray()).map((index) => index.name);
      expect(names).to.have.members(['_id_', 'at_1']);
    });

    it('fails a save while the server is unreachable, and works once it answers', async () => {
      const unreachable = new MongoDriverPositions('mongodb://127.0.0.1:9/', db.dbName, { serverSelectionTimeoutMS: 200 });
      try {
        const error = await unreachable.save({ driverId: 'd-1', location: { lat: 37.5, lng: 127 }, at: '2026-01-15T08:00:00.000Z' }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(Error);
      } finally {
        await unreachable.close();
      }
      await positions.save({ driverId: 'd-1', location: { lat: 37.5, lng: 127 }, at: '2026-01-15T08:00:00.000Z' });
      expect(await positions.lastKnown()).to.have.length(1);
    });
  });
});
