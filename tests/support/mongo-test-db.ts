import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { MONGO_HOW_TO_RUN, skipWithoutServer } from './needs-server.js';

/**
 * The server the MongoDB adapters' tests run against: MongoDB, or FerretDB 1.24 started with
 * `scripts/ferretdb.sh start 27018 /tmp/ferretdb && MONGO_URL=mongodb://127.0.0.1:27018/` (CI does).
 */
export const mongoUrl = process.env.MONGO_URL;

/**
 * A suite of MongoDB adapter tests: with MONGO_URL unset every test in it shows as pending and the
 * suite says why (`url` is then a placeholder no test ever uses).
 */
export const mongoSuite = (suite: string, body: (url: string) => void) =>
  describe(suite, () => {
    skipWithoutServer('MONGO_URL', MONGO_HOW_TO_RUN);
    body(mongoUrl ?? 'mongodb://MONGO_URL-not-set');
  });

/**
 * FerretDB says so in buildInfo; MongoDB does not. FerretDB 1.x runs a conditional update as
 * read-then-write (README, "FerretDB is not MongoDB", item 8), so checks of concurrent writes to
 * one document hold on MongoDB only.
 */
export const isFerretDb = async (url: string) => {
  const client = await new MongoClient(url).connect();
  try {
    return (await client.db('admin').command({ buildInfo: 1 })).ferretdbVersion !== undefined;
  } finally {
    await client.close();
  }
};

/** A database name no other test uses. */
export const freshDbName = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

export const dropDatabase = async (url: string, dbName: string) => {
  const admin = await new MongoClient(url).connect();
  await admin.db(dbName).dropDatabase();
  await admin.close();
};

/**
 * For every test of the suite that calls it: a fresh database and a client, the database dropped
 * afterwards. Call it before the suite's own hooks, so they see the database name.
 */
export const scratchMongoDb = (url: string, prefix: string) => {
  const scratch = {} as { dbName: string; client: MongoClient };
  beforeEach(async () => {
    scratch.dbName = freshDbName(prefix);
    scratch.client = await new MongoClient(url).connect();
  });
  afterEach(async () => {
    await scratch.client.db(scratch.dbName).dropDatabase();
    await scratch.client.close();
  });
  return scratch;
};

/** For a suite written as `if (!url) … else describe(…)`: one visible pending entry saying why. */
export const skippedWithoutMongo = (suite: string) =>
  describe(suite, () => {
    skipWithoutServer('MONGO_URL', MONGO_HOW_TO_RUN);
    it('runs against MongoDB or FerretDB');
  });
