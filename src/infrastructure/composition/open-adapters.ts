import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DeadLetterStore } from '../../application/ports/dead-letter-store.js';
import type { LeaseStore } from '../../application/ports/lease-store.js';
import type { Notifier } from '../../application/ports/notifier.js';
import type { Config } from '../config/config.js';
import { MongoLeaseStore } from '../leases/mongo-lease-store.js';
import { SqliteLeaseStore } from '../leases/sqlite-lease-store.js';
import type { Lifecycle } from '../lifecycle.js';
import { LoggingNotifier } from '../notifications/logging-notifier.js';
import { openDeadLetterStore as openDeadLetterStoreOf } from '../notifications/open-dead-letter-store.js';
import { WebhookNotifier } from '../notifications/webhook-notifier.js';
import { withStoreErrors } from '../stores/store-failures.js';

/**
 * The workers' adapters, chosen by configuration. Called only by the composition root, which binds
 * what they return to the ports' tokens; each registers its own close with the lifecycle.
 */
export const openNotifier = (config: Config, logger: Logger): Notifier =>
  config.NOTIFY_WEBHOOK_URL
    ? new WebhookNotifier({
        url: config.NOTIFY_WEBHOOK_URL,
        maxAttempts: config.NOTIFY_MAX_ATTEMPTS,
        attemptTimeoutMs: config.NOTIFY_TIMEOUT_MS,
        secret: config.NOTIFY_WEBHOOK_SECRET,
        // The breaker lets one probe through as often as parked letters are offered again.
        breaker: { consecutiveFailures: 5, halfOpenAfterMs: config.NOTIFY_DEAD_LETTER_RETRY_MS },
      })
    : new LoggingNotifier(logger.child({ component: 'notifier' }));

/** MongoDB when MONGO_URL is set (letters outlive a pod), else a SQLite file in DATA_DIR. */
export const openDeadLetterStore = (config: Config, lifecycle: Lifecycle): DeadLetterStore => {
  const { store, close } = openDeadLetterStoreOf(config);
  lifecycle.onStop('dead letter store', close);
  return store;
};

/** Replicas on one machine share DATA_DIR; replicas on several hosts share MongoDB (docs/scale-out.md). */
export const openLeaseStore = (config: Config, lifecycle: Lifecycle): LeaseStore => {
  const store = withStoreErrors(
    config.MONGO_URL ? new MongoLeaseStore(config.MONGO_URL, config.MONGO_DB) : new SqliteLeaseStore(join(config.DATA_DIR, 'checkpoints.db')),
  );
  lifecycle.onStop('lease store', async () => store.close());
  return store;
};
