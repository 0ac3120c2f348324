import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
