import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DeadLetterStore } from '../../application/ports/dead-letter-store.js';
import type { Config } from '../config/config.js';
import { MongoDeadLetterStore } from './mongo-dead-letter-store.js';
import { withStoreErrors } from '../stores/store-failures.js';
import { SqliteDeadLetterStore } from './sqlite-dead-letter-store.js';
import type { DeliveryLog } from '../../application/ports/delivery-log.js';
import { MongoDeliveryLog } from './mongo-delivery-log.js';
import { SqliteDeliveryLog } from './sqlite-delivery-log.js';

export type OpenedDeadLetterStore = { store: DeadLetterStore; close: () => Promise<void> };

/** MongoDB when MONGO_URL is set (letters outlive a pod), else a SQLite file in DATA_DIR. */
export const openDeadLetterStore = (config: Pick<Config, 'MONGO_URL' | 'MONGO_DB' | 'DATA_DIR'>): OpenedDeadLetterStore => {
  if (config.MONGO_URL) {
    const store = withStoreErrors(new MongoDeadLetterStore(config.MONGO_URL, config.MONGO_DB));
    return { store, close: () => store.close() };
  }
  mkdirSync(config.DATA_DIR, { recursive: true });
  const store = withStoreErrors(new SqliteDeadLetterStore(join(config.DATA_DIR, 'dead-letters.db')));
  return { store, close: async () => store.close() };
};

/** The dead letters' neighbour: what became of every notification, where the dead letters are kept. */
export const openDeliveryLog = (config: Pick<Config, 'MONGO_URL' | 'MONGO_DB' | 'DATA_DIR'>): { log: DeliveryLog; close: () => Promise<void> } => {
  if (config.MONGO_URL) {
    const log = new MongoDeliveryLog(config.MONGO_URL, config.MONGO_DB);
    return { log, close: () => log.close() };
  }
  mkdirSync(config.DATA_DIR, { recursive: true });
  const log = new SqliteDeliveryLog(join(config.DATA_DIR, 'deliveries.db'));
  return { log, close: async () => log.close() };
};
