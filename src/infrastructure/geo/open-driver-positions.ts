import { withStoreErrors } from '../stores/store-failures.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DriverPositions } from '../../application/ports/driver-positions.js';
import type { Config } from '../config/config.js';
import { InMemoryDriverPositions } from './in-memory-driver-positions.js';
import { MongoDriverPositions } from './mongo-driver-positions.js';
import { SqliteDriverPositions } from './sqlite-driver-positions.js';

export type DriverPositionsKind = 'memory' | 'sqlite' | 'mongo';

type Choice = Pick<Config, 'DRIVER_POSITIONS' | 'MONGO_URL' | 'ROLE'>;

/**
 * `memory` only where nobody else needs the pings: one `all` process receives them and searches
 * them, and a SQLite write per ping would be wasted there. Otherwise a store every replica reads:
 * MongoDB when the read models are there (replicas on several machines), else a SQLite file in
 * DATA_DIR (split roles on one machine or volume).
 */
export const driverPositionsKind = ({ DRIVER_POSITIONS, MONGO_URL, ROLE }: Choice): DriverPositionsKind => {
  if (DRIVER_POSITIONS === 'memory') return 'memory';
  if (MONGO_URL) return 'mongo';
  return DRIVER_POSITIONS === 'shared' || ROLE !== 'all' ? 'sqlite' : 'memory';
};

export type OpenedDriverPositions = {
  kind: DriverPositionsKind;
  store: DriverPositions;
  /** Other processes write to it too: read what they saved (DriverAvailabilityFeed `refresh`). */
  shared: boolean;
  close: () => Promise<void>;
};

export const openDriverPositions = (config: Choice & Pick<Config, 'MONGO_DB' | 'DATA_DIR'>): OpenedDriverPositions => {
  const kind = driverPositionsKind(config);
  switch (kind) {
    case 'memory':
      return { kind, store: new InMemoryDriverPositions(), shared: false, close: async () => {} };
    case 'sqlite': {
      mkdirSync(config.DATA_DIR, { recursive: true });
      const store = withStoreErrors(new SqliteDriverPositions(join(config.DATA_DIR, 'driver-positions.db')));
      return { kind, store, shared: true, close: async () => store.close() };
    }
    case 'mongo': {
      const store = withStoreErrors(new MongoDriverPositions(config.MONGO_URL!, config.MONGO_DB));
      return { kind, store, shared: true, close: () => store.close() };
    }
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
};
