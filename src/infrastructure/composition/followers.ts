import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ResolutionContext } from 'inversify';
import { NotificationWorker } from '../../application/notifications/notification-worker.js';
import { PaymentCompensationWorker } from '../../application/payment/payment-compensation-worker.js';
import { UnpaidRidesWorker } from '../../application/passenger/unpaid-rides-worker.js';
import { PaymentRetryWorker } from '../../application/payment/payment-retry-worker.js';
import { voidSettleMsFor } from '../../application/payment/payment-retry.js';
import { AVAILABLE_DRIVERS } from '../../application/ports/available-drivers.js';
import { CHECKPOINT_STORE } from '../../application/ports/checkpoint-store.js';
import { CLOCK } from '../../application/ports/clock.js';
import { DEAD_LETTER_STORE } from '../../application/ports/dead-letter-store.js';
import { EVENT_STORE } from '../../application/ports/event-store.js';
import { LEASE_STORE } from '../../application/ports/lease-store.js';
import { NOTIFIER } from '../../application/ports/notifier.js';
import { DELIVERY_LOG } from '../../application/ports/delivery-log.js';
import { PAYMENT_GATEWAY } from '../../application/ports/payment-gateway.js';
import { READ_STORE } from '../../application/ports/read-store.js';
import { RIDE_TRACKS } from '../../application/ports/ride-tracks.js';
import { rideTrackPruning } from '../../application/driving/ride-track-pruning.js';
import { AutoDispatchWorker } from '../../application/processes/auto-dispatch-worker.js';
import { DriverReservationWorker } from '../../application/processes/driver-reservation-worker.js';
import { ProcessManagerWorker } from '../../application/processes/process-manager-worker.js';
import { rideLifecycle } from '../../application/processes/ride-lifecycle.process.js';
import { NotificationRetention } from '../../projections/notifications/notification-retention.js';
import { ProjectionRunner } from '../../projections/projection-runner.js';
import { READ_MODELS } from '../../projections/read-models.js';
import type { Config } from '../config/config.js';
import { LEGACY_LEASE_NAMES } from '../checkpoints/legacy-checkpoint-names.js';
import { LeasedWorker } from '../leases/leased-worker.js';
import { DispatchTimings } from '../metrics/dispatch-timings.js';
import type { BackgroundWorker } from '../roles/background-worker.js';
import { TOKENS } from '../tokens.js';
import { type Bind, loggerFor, resolve, compositionModule } from './binding.js';

/** What every follower of the `workers` role is given. */
const followerDependencies = (ctx: ResolutionContext) => ({
  eventStore: resolve(ctx, EVENT_STORE),
  commands: resolve(ctx, TOKENS.CommandHandler),
  checkpoints: resolve(ctx, CHECKPOINT_STORE),
  clock: resolve(ctx, CLOCK),
  logger: loggerFor(ctx, 'workers'),
});

/**
 * Runs a worker in one replica at a time (docs/scale-out.md); its name is the lease's and its checkpoint's. A leased
 * worker must be restartable (start after stop): a replica that loses the lease and later wins it
 * again restarts the same instance. Any worker of a role that more than one replica runs belongs
 * under a lease, unless every step it takes is decided on a stream (auto-dispatch).
 */
const leased = (config: Config, ctx: ResolutionContext, worker: BackgroundWorker): BackgroundWorker =>
  new LeasedWorker(worker, {
    leases: resolve(ctx, LEASE_STORE),
    owner: resolve(ctx, TOKENS.LeaseOwner),
    ttlMs: config.WORKER_LEASE_TTL_MS,
    logger: loggerFor(ctx, 'workers'),
    legacyNames: LEGACY_LEASE_NAMES[worker.name],
  });

/** The `projector` role: every read model, notification retention, and the dispatch timings of the live tail. */
const projectorFollowers = (config: Config, bind: Bind) => {
  bind(TOKENS.Projector).toDynamicValue(
    (ctx) =>
      new ProjectionRunner(READ_MODELS, {
        eventStore: resolve(ctx, EVENT_STORE),
        readStore: resolve(ctx, READ_STORE),
        logger: resolve(ctx, TOKENS.Logger),
      }),
  );
  bind(TOKENS.RunsIn.projector).toService(TOKENS.Projector);
  bind(TOKENS.RunsIn.projector).toDynamicValue(
    (ctx) =>
      new NotificationRetention(resolve(ctx, READ_STORE), resolve(ctx, CLOCK), {
        retentionDays: config.NOTIFICATION_RETENTION_DAYS,
        intervalMs: config.NOTIFICATION_RETENTION_INTERVAL_MS,
        logger: resolve(ctx, TOKENS.Logger),
      }),
  );
  bind(TOKENS.RunsIn.projector).toDynamicValue(
    (ctx) => new DispatchTimings(resolve(ctx, EVENT_STORE), resolve(ctx, TOKENS.Metrics), loggerFor(ctx, 'dispatch-timings')),
  );
};

/** The `workers` role: the process managers (ride lifecycle, unpaid rides), payment retries and refunds, and notifications, each under a lease. */
const sagaFollowers = (config: Config, bind: Bind) => {
  const leasedFollower = (make: (ctx: ResolutionContext) => BackgroundWorker) =>
    bind(TOKENS.RunsIn.workers).toDynamicValue((ctx) => leased(config, ctx, make(ctx)));
  leasedFollower((ctx) => new ProcessManagerWorker(rideLifecycle, followerDependencies(ctx)));
  leasedFollower((ctx) => new UnpaidRidesWorker(followerDependencies(ctx)));
  leasedFollower((ctx) => new DriverReservationWorker(followerDependencies(ctx), { timeoutMs: config.DRIVER_RESERVATION_TIMEOUT_MS }));
  leasedFollower((ctx) => {
    const retries = new PaymentRetryWorker(
      { ...resolve(ctx, TOKENS.ChargePaymentDependencies), ...followerDependencies(ctx) },
      {
        graceMs: config.PAYMENT_RETRY_GRACE_MS,
        maxAttempts: config.PAYMENT_RETRY_MAX_ATTEMPTS,
        maxAgeMs: config.PAYMENT_RETRY_MAX_AGE_MS,
        voidSettleMs:
          config.PAYMENT_VOID_SETTLE_MS ??
          voidSettleMsFor({ chargeBudgetMs: config.PAYMENT_BUDGET_MS, retryBudgetMs: config.PAYMENT_RETRY_BUDGET_MS }),
        budgetMs: config.PAYMENT_RETRY_BUDGET_MS,
        concurrency: config.PAYMENT_RETRY_CONCURRENCY,
      },
    );
    // Each replica reports what its retry worker holds open; the one holding the lease is the one that counts (max()).
    resolve(ctx, TOKENS.Metrics).registerBacklog('payment_retry_backlog', async () => retries.openPayments);
    return retries;
  });
  leasedFollower(
    (ctx) =>
      new PaymentCompensationWorker(
        { ...followerDependencies(ctx), gateway: resolve(ctx, PAYMENT_GATEWAY) },
        { budgetMs: config.PAYMENT_RETRY_BUDGET_MS },
      ),
  );
  leasedFollower(
    (ctx) =>
      new NotificationWorker(
        {
          ...followerDependencies(ctx),
          notifier: resolve(ctx, NOTIFIER),
          deadLetters: resolve(ctx, DEAD_LETTER_STORE),
          contacts: resolve(ctx, TOKENS.ContactDirectory),
          deliveries: resolve(ctx, DELIVERY_LOG),
        },
        { deadLetterRetryMs: config.NOTIFY_DEAD_LETTER_RETRY_MS, concurrency: config.NOTIFY_CONCURRENCY },
      ),
  );
};

/**
 * Dispatch in the `workers` role: the availability feed first (it fills the index), then
 * auto-dispatch. Auto-dispatch runs without a lease on purpose: every one of its steps is decided
 * on the dispatch stream with a deterministic offer id, so competing replicas are harmless, and a
 * second live replica takes over a dead one's timers at once instead of after a lease TTL.
 */
const dispatchFollowers = (config: Config, bind: Bind) => {
  bind(TOKENS.RunsIn.workers).toService(TOKENS.AvailabilityFeed);
  if (!config.AUTO_DISPATCH) return;
  bind(TOKENS.AutoDispatch).toDynamicValue((ctx) => {
    const feed = resolve(ctx, TOKENS.AvailabilityFeed);
    return new AutoDispatchWorker({
      ...followerDependencies(ctx),
      drivers: resolve(ctx, AVAILABLE_DRIVERS),
      logger: loggerFor(ctx, 'dispatch'),
      settings: {
        offerTimeoutMs: config.OFFER_TIMEOUT_MS,
        totalTimeoutMs: config.DISPATCH_TOTAL_TIMEOUT_MS,
        searchRetryMs: config.DISPATCH_SEARCH_RETRY_MS,
        radiiMetres: config.DISPATCH_SEARCH_RADII_M,
      },
      ready: () => feed.caughtUp(),
    });
  });
  bind(TOKENS.RunsIn.workers).toService(TOKENS.AutoDispatch);
};

/** The `api` role, before it serves: the offer board (a driver who connects sees what is pending) and ride-track pruning. */
const apiFollowers = (config: Config, bind: Bind) => {
  bind(TOKENS.RunsIn.api).toDynamicValue((ctx) => {
    const board = resolve(ctx, TOKENS.OfferBoard);
    const logger = loggerFor(ctx, 'dispatch');
    return {
      name: 'offer-board',
      start: () => void board.start().catch((error: unknown) => logger.error({ err: error }, 'offer board failed to start')),
      stop: () => board.stop(),
    };
  });
  bind(TOKENS.RunsIn.api).toDynamicValue((ctx) =>
    rideTrackPruning(
      { tracks: resolve(ctx, RIDE_TRACKS), clock: resolve(ctx, CLOCK), logger: loggerFor(ctx, 'dispatch') },
      config.RIDE_TRACK_RETENTION_MS,
    ),
  );
};

/** Everything a role runs besides HTTP, one binding per follower, in the order they start. */
export const followerModule = (config: Config) =>
  compositionModule((bind) => {
    bind(TOKENS.LeaseOwner).toConstantValue(`${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`);
    projectorFollowers(config, bind);
    sagaFollowers(config, bind);
    dispatchFollowers(config, bind);
    apiFollowers(config, bind);
  });
