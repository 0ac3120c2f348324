import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { MongoPersonalDataKeys } from '../../src/infrastructure/privacy/mongo-personal-data-keys.js';
import { SqlitePersonalDataKeys } from '../../src/infrastructure/privacy/sqlite-personal-data-keys.js';
import { dropDatabase, freshDbName, mongoUrl, skippedWithoutMongo } from '../support/mongo-test-db.js';
import { personalDataKeysContract } from './personal-data-keys.contract.js';

personalDataKeysContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taxi-keys-'));
  const filename = join(dir, 'personal-data-keys.db');
  const keys = new SqlitePersonalDataKeys(filename);
  return {
    keys,
    other: () => new SqlitePersonalDataKeys(filename),
    cleanup: async () => {
      await keys.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite personal data keys', () => {
  it('makes the keys first needed in one turn in one transaction (one fsync), not one each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taxi-keys-'));
    const filename = join(dir, 'personal-data-keys.db');
    const keys = new SqlitePersonalDataKeys(filename);
    const wal = new Database(filename);
    try {
      await keys.keyFor('driver:first');
      wal.pragma('wal_checkpoint(TRUNCATE)');
      await Promise.all(Array.from({ length: 50 }, (_, i) => keys.keyFor(`driver:d-${i}`)));
      // Frames the WAL holds now: a transaction of 50 small rows writes a few pages; 50 transactions at least 50.
      const [frames] = wal.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
      expect(frames?.log).to.be.within(1, 10);
    } finally {
      wal.close();
      await keys.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const url = mongoUrl;
if (!url) {
  skippedWithoutMongo('PersonalDataKeys contract — MongoDB / FerretDB');
} else {
  personalDataKeysContract(`Mongo at ${url}`, async () => {
    const dbName = freshDbName('keys_test');
    const keys = new MongoPersonalDataKeys(url, dbName);
    return {
      keys,
      other: () => new MongoPersonalDataKeys(url, dbName),
      cleanup: async () => {
        await dropDatabase(url, dbName);
        await keys.close();
      },
    };
  });
}
