import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RideTracks } from '../../application/ports/ride-tracks.js';
import type { Config } from '../config/config.js';
import { type IdleTracks, InMemoryRideTracks } from './in-memory-ride-tracks.js';
import { MongoRideTracks } from './mongo-ride-tracks.js';
import { driverPositionsKind } from './open-driver-positions.js';
import { SqliteRideTracks } from './sqlite-ride-tracks.js';
import { withStoreErrors } from '../stores/store-failures.js';

/** How much of a waiting driver's track memory keeps: far more than the driver feed ever lags the log. */
const IDLE_TRACK_KEEP_MS = 10 * 60_000;

/**
 * Where the pings go, their tracks go: the same choice as the last positions (DRIVER_POSITIONS).
 * In memory, `isFree` (this process's driver feed) keeps the waiting fleet's tracks short.
 */
export const openRideTracks = (
  config: Pick<Config, 'DRIVER_POSITIONS' | 'MONGO_URL' | 'ROLE' | 'MONGO_DB' | 'DATA_DIR'>,
  isFree?: IdleTracks['isFree'],
): { store: RideTracks; close: () => Promise<void> } => {
  const kind = driverPositionsKind(config);
  switch (kind) {
    case 'memory':
      return { store: new InMemoryRideTracks(isFree && { isFree, keepMs: IDLE_TRACK_KEEP_MS }), close: async () => {} };
    case 'sqlite': {
      mkdirSync(config.DATA_DIR, { recursive: true });
      const store = withStoreErrors(new SqliteRideTracks(join(config.DATA_DIR, 'ride-tracks.db')));
      return { store, close: async () => store.close() };
    }
    case 'mongo': {
      const store = withStoreErrors(new MongoRideTracks(config.MONGO_URL!, config.MONGO_DB));
      return { store, close: () => store.close() };
    }
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
};
