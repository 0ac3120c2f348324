import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { CheckpointStore } from '../../application/ports/checkpoint-store.js';
import type { EventStore } from '../../application/ports/event-store.js';
import type { PaymentGateway } from '../../application/ports/payment-gateway.js';
import type { PersonalDataKeys } from '../../application/ports/personal-data-keys.js';
import type { ReadStore } from '../../application/ports/read-store.js';
import { renameLegacyCheckpoints } from '../checkpoints/legacy-checkpoint-names.js';
import { SqliteCheckpointStore } from '../checkpoints/sqlite-checkpoint-store.js';
import type { Config } from '../config/config.js';
import { EsdbEventStore } from '../event-store/esdb-event-store.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Metrics } from '../metrics/metrics.js';
import { HttpPaymentGateway } from '../payment-gateway/http-payment-gateway.js';
import { startPaymentGatewaySimulator } from '../payment-gateway/simulator.js';
import { CryptoShreddingEventStore } from '../privacy/crypto-shredding-event-store.js';
import { MongoPersonalDataKeys } from '../privacy/mongo-personal-data-keys.js';
import { PersonalKeysCache } from '../privacy/personal-keys-cache.js';
import { SealingReadStore } from '../privacy/sealing-read-store.js';
import { SqlitePersonalDataKeys } from '../privacy/sqlite-personal-data-keys.js';
import { personalCollections } from '../../projections/read-models.js';
import { MongoReadStore } from '../read-store/mongo-read-store.js';
import { SqliteReadStore } from '../read-store/sqlite-read-store.js';
import { withStoreErrors } from '../stores/store-failures.js';

/**
 * The stores and the gateway, chosen by configuration: the embedded SQLite files in DATA_DIR
 * unless EVENTSTORE_URL / MONGO_URL / PAYMENT_GATEWAY_URL name production servers. Called by the
 * composition root and by the CLI, nowhere else.
 */

/** The embedded stores live in DATA_DIR, created on first use by whichever entry point comes first. */
export const dataFile = (config: Config, name: string) => {
  mkdirSync(config.DATA_DIR, { recursive: true });
  return join(config.DATA_DIR, name);
};

export const openEventStore = (config: Config, logger: Logger): EventStore =>
  withStoreErrors(
    config.EVENTSTORE_URL
      ? new EsdbEventStore(config.EVENTSTORE_URL, { logger })
      : new SqliteEventStore(dataFile(config, 'events.db'), { durability: config.EVENT_STORE_DURABILITY, backgroundCheckpoints: true }),
  );

/** The per-person keys of crypto-shredding: beside the read models (MongoDB, or DATA_DIR/personal-data-keys.db). */
export const openPersonalDataKeys = (config: Config): PersonalDataKeys =>
  withStoreErrors(
    config.MONGO_URL
      ? new MongoPersonalDataKeys(config.MONGO_URL, config.MONGO_DB)
      : new SqlitePersonalDataKeys(dataFile(config, 'personal-data-keys.db')),
  );

/** The log as every reader sees it: personal fields sealed on append and opened on read (docs/personal-data.md). */
export const openProtectedEventStore = (config: Config, logger: Logger, keys: PersonalDataKeys): EventStore =>
  new CryptoShreddingEventStore(openEventStore(config, logger), keys);

/** A tool (the CLI's rebuild) writes every document once: a page cache that holds the id indexes. */
const TOOL_PAGE_CACHE_MIB = 64;

/**
 * `server`: a write waiting for another process's lock on the embedded file must not freeze the
 * event loop. The read models' personal fields are sealed with their owners' keys (docs/personal-data.md).
 */
export const openReadStore = async (
  config: Config,
  keys: PersonalDataKeys | PersonalKeysCache,
  use: 'server' | 'tool' = 'server',
): Promise<ReadStore> => {
  const plain = withStoreErrors(
    config.MONGO_URL
      ? await MongoReadStore.connect(config.MONGO_URL, config.MONGO_DB)
      : new SqliteReadStore(dataFile(config, 'read-models.db'), {
          busyTimeoutMs: use === 'server' ? 20 : 5_000,
          backgroundCheckpoints: true,
          pageCacheMiB: use === 'server' ? undefined : TOOL_PAGE_CACHE_MIB,
        }),
  );
  await renameLegacyCheckpoints(plain);
  // Outermost too, so a failure of the key store while sealing is a 503 like the read store's own.
  return withStoreErrors(new SealingReadStore(plain, keys instanceof PersonalKeysCache ? keys : new PersonalKeysCache(keys), personalCollections()));
};

/** Embedded: a small SQLite file every local role shares. Production: the read store, which every host shares. */
export const openCheckpointStore = async (config: Config, readStore: ReadStore, lifecycle: Lifecycle): Promise<CheckpointStore> => {
  if (config.MONGO_URL) return readStore;
  const store = withStoreErrors(new SqliteCheckpointStore(dataFile(config, 'checkpoints.db')));
  lifecycle.onStop('checkpoint store', async () => store.close());
  await renameLegacyCheckpoints(store);
  return store;
};

/**
 * The embedded default has no external gateway: it runs the simulator in-process on a loopback
 * port and talks to it over real HTTP, so the resilience policies are exercised the same way.
 */
export const openPaymentGateway = async (config: Config, lifecycle: Lifecycle, logger: Logger, metrics: Metrics): Promise<PaymentGateway> => {
  let baseUrl = config.PAYMENT_GATEWAY_URL;
  if (!baseUrl) {
    const simulator = await startPaymentGatewaySimulator({ port: 0, host: '127.0.0.1', logger: logger.child({ component: 'gateway-simulator' }) });
    lifecycle.onStop('payment gateway simulator', () => simulator.close());
    baseUrl = simulator.url;
  }
  const gateway = new HttpPaymentGateway({
    baseUrl,
    attemptTimeoutMs: config.PAYMENT_GATEWAY_ATTEMPT_TIMEOUT_MS,
    maxAttempts: config.PAYMENT_GATEWAY_MAX_ATTEMPTS,
    breaker: { consecutiveFailures: config.PAYMENT_GATEWAY_BREAKER_FAILURES, halfOpenAfterMs: config.PAYMENT_GATEWAY_BREAKER_HALF_OPEN_MS },
  });
  metrics.setBreakerState('payment-gateway', gateway.circuitState());
  gateway.onBreakerStateChange((state) => metrics.setBreakerState('payment-gateway', state));
  return gateway;
};
