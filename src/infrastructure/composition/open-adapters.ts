import { join } from 'node:path';
import type { DeadLetterStore } from '../../application/ports/dead-letter-store.js';
import type { LeaseStore } from '../../application/ports/lease-store.js';
import type { Config } from '../config/config.js';
import { MongoLeaseStore } from '../leases/mongo-lease-store.js';
import { SqliteLeaseStore } from '../leases/sqlite-lease-store.js';
import type { Lifecycle } from '../lifecycle.js';
import { openDeadLetterStore as openDeadLetterStoreOf, openDeliveryLog as openDeliveryLogOf } from '../notifications/open-dead-letter-store.js';
import type { DeliveryLog } from '../../application/ports/delivery-log.js';
import { withStoreErrors } from '../stores/store-failures.js';

/**
 * The workers' adapters, chosen by configuration. Called only by the composition root, which binds
 * what they return to the ports' tokens; each registers its own close with the lifecycle.
 */
export { openNotifier } from '../notifications/open-notifier.js';

/** MongoDB when MONGO_URL is set (letters outlive a pod), else a SQLite file in DATA_DIR. */
export const openDeadLetterStore = (config: Config, lifecycle: Lifecycle): DeadLetterStore => {
  const { store, close } = openDeadLetterStoreOf(config);
  lifecycle.onStop('dead letter store', close);
  return store;
};

/** Beside the dead letters: what became of each notification. */
export const openDeliveryLog = (config: Config, lifecycle: Lifecycle): DeliveryLog => {
  const { log, close } = openDeliveryLogOf(config);
  lifecycle.onStop('delivery log', close);
  return log;
};

/** Replicas on one machine share DATA_DIR; replicas on several hosts share MongoDB (docs/scale-out.md). */
export const openLeaseStore = (config: Config, lifecycle: Lifecycle): LeaseStore => {
  const store = withStoreErrors(
    config.MONGO_URL ? new MongoLeaseStore(config.MONGO_URL, config.MONGO_DB) : new SqliteLeaseStore(join(config.DATA_DIR, 'checkpoints.db')),
  );
  lifecycle.onStop('lease store', async () => store.close());
  return store;
};
