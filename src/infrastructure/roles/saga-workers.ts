import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { CommandHandler } from '../../application/command-handler.js';
import { NotificationWorker } from '../../application/notifications/notification-worker.js';
import type { ChargePaymentDependencies } from '../../application/payment/charge-payment.js';
import { PaymentCompensationWorker } from '../../application/payment/payment-compensation-worker.js';
import { PaymentRetryWorker } from '../../application/payment/payment-retry-worker.js';
import type { CheckpointStore } from '../../application/ports/checkpoint-store.js';
import type { Clock } from '../../application/ports/clock.js';
import type { EventStore } from '../../application/ports/event-store.js';
import type { Notifier } from '../../application/ports/notifier.js';
import type { PaymentGateway } from '../../application/ports/payment-gateway.js';
import { DriverReservationWorker } from '../../application/processes/driver-reservation-worker.js';
import { ProcessManagerWorker } from '../../application/processes/process-manager-worker.js';
import { rideLifecycle } from '../../application/processes/ride-lifecycle.process.js';
import type { Config } from '../config/config.js';
import { LeasedWorker } from '../leases/leased-worker.js';
import { MongoLeaseStore } from '../leases/mongo-lease-store.js';
import { SqliteLeaseStore } from '../leases/sqlite-lease-store.js';
import type { Lifecycle } from '../lifecycle.js';
import { LoggingNotifier } from '../notifications/logging-notifier.js';
import { openDeadLetterStore } from '../notifications/open-dead-letter-store.js';
import { WebhookNotifier } from '../notifications/webhook-notifier.js';
import type { BackgroundWorker } from './background-worker.js';

export type SagaWorkerDependencies = {
  config: Config;
  lifecycle: Lifecycle;
  logger: Logger;
  eventStore: EventStore;
  commands: CommandHandler;
  checkpoints: CheckpointStore;
  clock: Clock;
  gateway: PaymentGateway;
  charging: ChargePaymentDependencies;
};

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

/**
 * The `workers` role: the ride lifecycle process manager, payment retries ("pay later"), payment
 * compensation (refunds) and notifications. Each runs under a lease (docs/scale-out.md), so any
 * number of worker replicas may run: one does each job, the others stand by.
 */
export const sagaWorkers = (deps: SagaWorkerDependencies): BackgroundWorker[] => {
  const { config, lifecycle, logger, eventStore, commands, checkpoints, clock } = deps;
  const { store: deadLetters, close: closeDeadLetters } = openDeadLetterStore(config);
  lifecycle.onStop('dead letter store', closeDeadLetters);

  const workerLogger = logger.child({ component: 'workers' });
  const common = { eventStore, commands, checkpoints, clock, logger: workerLogger };
  const workers: BackgroundWorker[] = [
    new ProcessManagerWorker(rideLifecycle, common),
    new DriverReservationWorker(common, { timeoutMs: config.DRIVER_RESERVATION_TIMEOUT_MS }),
    new PaymentRetryWorker(
      { ...deps.charging, ...common },
      {
        graceMs: config.PAYMENT_RETRY_GRACE_MS,
        maxAttempts: config.PAYMENT_RETRY_MAX_ATTEMPTS,
        maxAgeMs: config.PAYMENT_RETRY_MAX_AGE_MS,
        budgetMs: config.PAYMENT_RETRY_BUDGET_MS,
        concurrency: config.PAYMENT_RETRY_CONCURRENCY,
      },
    ),
    new PaymentCompensationWorker({ ...common, gateway: deps.gateway }, { budgetMs: config.PAYMENT_RETRY_BUDGET_MS }),
    new NotificationWorker({ ...common, notifier: openNotifier(config, logger), deadLetters }, { deadLetterRetryMs: config.NOTIFY_DEAD_LETTER_RETRY_MS, concurrency: config.NOTIFY_CONCURRENCY }),
  ];
  return underLeases(workers, { config, lifecycle, logger: workerLogger });
};

/**
 * Wraps workers so that each runs in one replica at a time (docs/scale-out.md). Any worker added
 * to a role that more than one replica runs belongs under a lease too; its name is the lease's.
 * A wrapped worker must be restartable (start after stop): a replica that loses the lease and
 * later wins it again restarts the same instance.
 */
export const underLeases = (workers: BackgroundWorker[], { config, lifecycle, logger }: Pick<SagaWorkerDependencies, 'config' | 'lifecycle' | 'logger'>): LeasedWorker[] => {
  // Replicas on one machine share DATA_DIR; replicas on several hosts share MongoDB.
  const leases = config.MONGO_URL ? new MongoLeaseStore(config.MONGO_URL, config.MONGO_DB) : new SqliteLeaseStore(join(config.DATA_DIR, 'checkpoints.db'));
  lifecycle.onStop('lease store', async () => leases.close());
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return workers.map((worker) => new LeasedWorker(worker, { leases, owner, ttlMs: config.WORKER_LEASE_TTL_MS, logger }));
};
