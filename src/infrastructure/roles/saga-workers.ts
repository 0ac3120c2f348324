import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { CommandHandler } from '../../application/command-handler.js';
import { NotificationWorker } from '../../application/notifications/notification-worker.js';
import type { ChargePaymentDependencies } from '../../application/payment/charge-payment.js';
import { PaymentCompensationWorker } from '../../application/payment/payment-compensation-worker.js';
import { PaymentRetryWorker } from '../../application/payment/payment-retry-worker.js';
import type { CheckpointStore } from '../../application/ports/checkpoint-store.js';
import type { Clock } from '../../application/ports/clock.js';
import type { DeadLetterStore } from '../../application/ports/dead-letter-store.js';
import type { EventStore } from '../../application/ports/event-store.js';
import type { Notifier } from '../../application/ports/notifier.js';
import type { LeaseStore } from '../../application/ports/lease-store.js';
import type { PaymentGateway } from '../../application/ports/payment-gateway.js';
import { DriverReservationWorker } from '../../application/processes/driver-reservation-worker.js';
import { ProcessManagerWorker } from '../../application/processes/process-manager-worker.js';
import { rideLifecycle } from '../../application/processes/ride-lifecycle.process.js';
import type { Config } from '../config/config.js';
import type { Metrics } from '../metrics/metrics.js';
import { LeasedWorker } from '../leases/leased-worker.js';
import type { BackgroundWorker } from './background-worker.js';

export type SagaWorkerDependencies = {
  config: Config;
  logger: Logger;
  eventStore: EventStore;
  commands: CommandHandler;
  checkpoints: CheckpointStore;
  clock: Clock;
  gateway: PaymentGateway;
  charging: ChargePaymentDependencies;
  notifier: Notifier;
  deadLetters: DeadLetterStore;
  leases: LeaseStore;
  metrics?: Pick<Metrics, 'registerBacklog'>;
};

/**
 * The `workers` role: the ride lifecycle process manager, payment retries ("pay later"), payment
 * compensation (refunds) and notifications. Each runs under a lease (docs/scale-out.md), so any
 * number of worker replicas may run: one does each job, the others stand by.
 */
export const sagaWorkers = (deps: SagaWorkerDependencies): BackgroundWorker[] => {
  const { config, logger, eventStore, commands, checkpoints, clock, notifier, deadLetters, leases } = deps;

  const workerLogger = logger.child({ component: 'workers' });
  const common = { eventStore, commands, checkpoints, clock, logger: workerLogger };
  const retries = new PaymentRetryWorker(
    { ...deps.charging, ...common },
    {
      graceMs: config.PAYMENT_RETRY_GRACE_MS,
      maxAttempts: config.PAYMENT_RETRY_MAX_ATTEMPTS,
      maxAgeMs: config.PAYMENT_RETRY_MAX_AGE_MS,
      budgetMs: config.PAYMENT_RETRY_BUDGET_MS,
      concurrency: config.PAYMENT_RETRY_CONCURRENCY,
    },
  );
  // Each replica reports what its retry worker holds open; the one holding the lease is the one that counts (max()).
  deps.metrics?.registerBacklog('payment_retry_backlog', async () => retries.openPayments);
  const workers: BackgroundWorker[] = [
    new ProcessManagerWorker(rideLifecycle, common),
    new DriverReservationWorker(common, { timeoutMs: config.DRIVER_RESERVATION_TIMEOUT_MS }),
    retries,
    new PaymentCompensationWorker({ ...common, gateway: deps.gateway }, { budgetMs: config.PAYMENT_RETRY_BUDGET_MS }),
    new NotificationWorker(
      { ...common, notifier, deadLetters },
      { deadLetterRetryMs: config.NOTIFY_DEAD_LETTER_RETRY_MS, concurrency: config.NOTIFY_CONCURRENCY },
    ),
  ];
  return underLeases(workers, { config, leases, logger: workerLogger });
};

/**
 * Wraps workers so that each runs in one replica at a time (docs/scale-out.md). Any worker added
 * to a role that more than one replica runs belongs under a lease too; its name is the lease's.
 * A wrapped worker must be restartable (start after stop): a replica that loses the lease and
 * later wins it again restarts the same instance.
 */
export const underLeases = (
  workers: BackgroundWorker[],
  { config, leases, logger }: Pick<SagaWorkerDependencies, 'config' | 'leases' | 'logger'>,
): LeasedWorker[] => {
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return workers.map((worker) => new LeasedWorker(worker, { leases, owner, ttlMs: config.WORKER_LEASE_TTL_MS, logger }));
};
