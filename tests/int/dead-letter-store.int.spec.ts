import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoDeadLetterStore } from '../../src/infrastructure/notifications/mongo-dead-letter-store.js';
import { SqliteDeadLetterStore } from '../../src/infrastructure/notifications/sqlite-dead-letter-store.js';
import { dropDatabase, freshDbName, mongoUrl, skippedWithoutMongo } from '../support/mongo-test-db.js';
import { deadLetterStoreContract } from './dead-letter-store.contract.js';

deadLetterStoreContract('embedded SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taxi-dl-'));
  const file = join(dir, 'dead-letters.db');
  const opened: SqliteDeadLetterStore[] = [new SqliteDeadLetterStore(file)];
  return {
    store: opened[0]!,
    reopen: async () => {
      opened[0]!.close();
      opened.push(new SqliteDeadLetterStore(file));
      return opened.at(-1)!;
    },
    cleanup: async () => {
      opened.at(-1)!.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const url = mongoUrl;
if (!url) {
  skippedWithoutMongo('DeadLetterStore contract — MongoDB / FerretDB');
} else {
  deadLetterStoreContract(`Mongo at ${url}`, async () => {
    const dbName = freshDbName('dl_test');
    const opened = [new MongoDeadLetterStore(url, dbName)];
    return {
      store: opened[0]!,
      reopen: async () => {
        await opened[0]!.close();
        opened.push(new MongoDeadLetterStore(url, dbName));
        return opened.at(-1)!;
      },
      cleanup: async () => {
        await opened.at(-1)!.close();
        await dropDatabase(url, dbName);
      },
    };
  });
}
