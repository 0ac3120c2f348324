import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteCheckpointStore } from '../../src/infrastructure/checkpoints/sqlite-checkpoint-store.js';
import { MongoReadStore } from '../../src/infrastructure/read-store/mongo-read-store.js';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store.js';
import { dropDatabase, freshDbName, mongoUrl, skippedWithoutMongo } from '../support/mongo-test-db.js';
import { checkpointStoreContract } from './checkpoint-store.contract.js';

const scratchDir = () => mkdtempSync(join(tmpdir(), 'taxi-checkpoints-'));

// The embedded workers' file.
checkpointStoreContract('SQLite checkpoint file', async () => {
  const dir = scratchDir();
  const store = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
  return {
    store,
    cleanup: async () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

// The read models' own checkpoints, embedded.
checkpointStoreContract('SQLite read store', async () => {
  const dir = scratchDir();
  const store = new SqliteReadStore(join(dir, 'read-models.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

// Production: every follower's checkpoint, on every host.
const url = mongoUrl;
if (!url) {
  skippedWithoutMongo('CheckpointStore contract — MongoDB / FerretDB read store');
} else {
  checkpointStoreContract(`MongoDB read store at ${url}`, async () => {
    const dbName = freshDbName('cp_test');
    const store = await MongoReadStore.connect(url, dbName);
    return {
      store,
      cleanup: async () => {
        await dropDatabase(url, dbName);
        await store.close();
      },
    };
  });
}
