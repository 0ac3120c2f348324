import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import { createLogger } from './logging.js';
import type { Router } from 'express';
import { CommandHandler } from '../application/command-handler.js';
import type { DriverDependencies } from '../application/driver/driver-service.js';
import type { SettlePayment } from '../application/driving/finish-ride.js';
import { type ChargePaymentDependencies, chargePayment, exponentialRetryDelay } from '../application/payment/charge-payment.js';
import { CHECKPOINT_STORE, type CheckpointStore } from '../application/ports/checkpoint-store.js';
import { CLOCK, type Clock, systemClock } from '../application/ports/clock.js';
import { EVENT_STORE, type EventStore } from '../application/ports/event-store.js';
import { PAYMENT_GATEWAY, type PaymentGateway } from '../application/ports/payment-gateway.js';
import { type LocalProjection, ReadModelFreshness } from '../application/queries/read-model-freshness.js';
import { READ_STORE, type ReadStore } from '../application/ports/read-store.js';
import type { RideDependencies } from '../application/ride-dependencies.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { RideQueries } from '../projections/queries/ride-queries.js';
import { READ_MODELS } from '../projections/read-models.js';
import { renameLegacyCheckpoints } from './checkpoints/legacy-checkpoint-names.js';
import { SqliteCheckpointStore } from './checkpoints/sqlite-checkpoint-store.js';
import { CachedTokenVerifier } from './auth/cached-token-verifier.js';
import { DevTokenAuthority } from './auth/dev-token-authority.js';
import { JwksTokenVerifier } from './auth/jwks-token-verifier.js';
import type { TokenVerifier } from './auth/token-verifier.js';
import type { Config } from './config/config.js';
import { EsdbEventStore } from './event-store/esdb-event-store.js';
import { SharedTailReader } from './event-store/shared-tail-reader.js';
import { SqliteEventStore } from './event-store/sqlite-event-store.js';
import { callCommandRoutes } from './http/routes/calls.js';
import { devTokenRoutes } from './http/routes/dev-tokens.js';
import { driverCommandRoutes } from './http/routes/drivers.js';
import { queryRoutes } from './http/routes/queries.js';
import { tariffRoutes } from './http/routes/tariffs.js';
import { viewRoutes } from './http/routes/views.js';
import { paymentRoutes } from './http/routes/payments.js';
import { deadLetterRoutes } from './http/routes/dead-letters.js';
import { OperatorQueries } from '../projections/queries/operator-queries.js';
import { DailyReportQueries } from '../projections/queries/daily-report-queries.js';
import { DriverQueries } from '../projections/queries/driver-queries.js';
import { fareRoutes } from './http/routes/fares.js';
import { settlementRoutes } from './http/routes/settlement.js';
import { FareQueries } from '../projections/queries/fare-queries.js';
import type { UnpaidRides } from '../application/ports/unpaid-rides.js';
import type { ReadinessCheck } from './http/routes/health.js';
import { Lifecycle } from './lifecycle.js';
import { Metrics } from './metrics/metrics.js';
import { projectionProgress } from './metrics/projection-progress.js';
import { DispatchTimings } from './metrics/dispatch-timings.js';
import { buildVersion } from './build-info.js';
import { WriteHealth, WriteHealthEventStore } from './event-store/write-health.js';
import { HttpPaymentGateway } from './payment-gateway/http-payment-gateway.js';
import { startPaymentGatewaySimulator } from './payment-gateway/simulator.js';
import { MongoReadStore } from './read-store/mongo-read-store.js';
import { SqliteReadStore } from './read-store/sqlite-read-store.js';
import type { BackgroundWorker } from './roles/background-worker.js';
import { sagaWorkers } from './roles/saga-workers.js';
import { type DispatchComponents, dispatchComponents } from './roles/dispatch-components.js';
import { withStoreErrors } from './stores/store-failures.js';
import { openDeadLetterStore, openLeaseStore, openNotifier } from './open-adapters.js';
import { openDriverPositions } from './geo/open-driver-positions.js';
import { AVAILABLE_DRIVERS, type AvailableDrivers } from '../application/ports/available-drivers.js';
import { DRIVER_POSITIONS, type DriverPositions } from '../application/ports/driver-positions.js';
import { DEAD_LETTER_STORE, type DeadLetterStore } from '../application/ports/dead-letter-store.js';
import { LEASE_STORE, type LeaseStore } from '../application/ports/lease-store.js';
import { NOTIFIER, type Notifier } from '../application/ports/notifier.js';
import { TOKENS } from './tokens.js';
import { PERSONAL_DATA_KEYS, type PersonalDataKeys } from '../application/ports/personal-data-keys.js';
import { PersonalDataQueries } from '../projections/queries/personal-data-export.js';
import { CryptoShreddingEventStore } from './privacy/crypto-shredding-event-store.js';
import { MongoPersonalDataKeys } from './privacy/mongo-personal-data-keys.js';
import { SqlitePersonalDataKeys } from './privacy/sqlite-personal-data-keys.js';
import { personalDataRoutes } from './http/routes/personal-data.js';
import { NotificationRetention } from '../projections/notifications/notification-retention.js';

/**
 * A passenger's unpaid rides after a short wait for the read model to reach the log's head: a
 * payment that failed at a finish just answered is then seen. Best effort, like the wait: a
 * request is an append that must be taken 24/7 (requirement 1), so a read store that does not
 * answer lets it through rather than refusing the passenger a taxi.
 */
const unpaidRidesOf = (queries: FareQueries, freshness: ReadModelFreshness, waitMs: number, logger: Logger): UnpaidRides => ({
  unpaidRideOf: async (passengerId) => {
    try {
      await freshness.waitFor('receipts', 'head', waitMs);
      return await queries.unpaidRideOf(passengerId);
    } catch (error) {
      logger.warn({ err: error, passengerId }, 'unpaid rides not checked: the read store did not answer');
      return null;
    }
  },
});

export type CompositionOverrides = { clock?: Clock; logger?: Logger };

/** The embedded stores live in DATA_DIR, created on first use by whichever entry point comes first. */
const dataFile = (config: Config, name: string) => {
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
  config.MONGO_URL
    ? new MongoPersonalDataKeys(config.MONGO_URL, config.MONGO_DB)
    : new SqlitePersonalDataKeys(dataFile(config, 'personal-data-keys.db'));

/** The log as every reader sees it: personal fields sealed on append and opened on read (docs/personal-data.md). */
export const openProtectedEventStore = (config: Config, logger: Logger, keys: PersonalDataKeys): EventStore =>
  new CryptoShreddingEventStore(openEventStore(config, logger), keys);

/** `server`: a write waiting for another process's lock on the embedded file must not freeze the event loop. */
export const openReadStore = async (config: Config, use: 'server' | 'tool' = 'server'): Promise<ReadStore> => {
  const store = withStoreErrors(
    config.MONGO_URL
      ? await MongoReadStore.connect(config.MONGO_URL, config.MONGO_DB)
      : new SqliteReadStore(dataFile(config, 'read-models.db'), { busyTimeoutMs: use === 'server' ? 20 : 5_000, backgroundCheckpoints: true }),
  );
  await renameLegacyCheckpoints(store);
  return store;
};

/** Embedded: a small SQLite file every local role shares. Production: the read store, which every host shares. */
const openCheckpointStore = async (config: Config, readStore: ReadStore, lifecycle: Lifecycle): Promise<CheckpointStore> => {
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
const openPaymentGateway = async (config: Config, lifecycle: Lifecycle, logger: Logger, metrics: Metrics): Promise<PaymentGateway> => {
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

/**
 * The one place that knows every concrete class. Adapters are chosen by configuration:
 * the embedded SQLite stores unless EVENTSTORE_URL / MONGO_URL name production servers.
 */
export const compose = async (config: Config, overrides: CompositionOverrides = {}): Promise<Container> => {
  const container = new Container({ defaultScope: 'Singleton' });
  const logger = overrides.logger ?? createLogger(config);
  const lifecycle = new Lifecycle(logger);

  container.bind(TOKENS.Config).toConstantValue(config);
  container.bind(TOKENS.Logger).toConstantValue(logger);
  container.bind(TOKENS.Lifecycle).toConstantValue(lifecycle);
  container.bind<Clock>(CLOCK).toConstantValue(overrides.clock ?? systemClock);
  const metrics = new Metrics({ defaultLabels: { role: config.ROLE }, build: { version: buildVersion() } });
  container.bind(TOKENS.Metrics).toConstantValue(metrics);

  // Every consumer in this process reads the log's tail through one reader (the CLI does not need it).
  const writeHealth = new WriteHealth(10_000, () => metrics.countEventStoreWriteFailure());
  metrics.reportWritesFailing(() => !writeHealth.status().ok);
  const personalDataKeys = openPersonalDataKeys(config);
  lifecycle.onStop('personal data keys', () => personalDataKeys.close());
  container.bind<PersonalDataKeys>(PERSONAL_DATA_KEYS).toConstantValue(personalDataKeys);
  // Sealed events are what the shared tail keeps in memory; each reader opens its own copy, so no
  // plaintext outlives a read, and an erasure is effective for the next read of every reader.
  const eventStore = new CryptoShreddingEventStore(
    new SharedTailReader(new WriteHealthEventStore(openEventStore(config, logger), writeHealth)),
    personalDataKeys,
  );
  lifecycle.onStop('event store', () => eventStore.close());
  container.bind<EventStore>(EVENT_STORE).toConstantValue(eventStore);
  const readStore = await openReadStore(config);
  lifecycle.onStop('read store', () => readStore.close());
  container.bind<ReadStore>(READ_STORE).toConstantValue(readStore);
  const checkpoints = await openCheckpointStore(config, readStore, lifecycle);
  container.bind<CheckpointStore>(CHECKPOINT_STORE).toConstantValue(checkpoints);
  container.bind<PaymentGateway>(PAYMENT_GATEWAY).toConstantValue(await openPaymentGateway(config, lifecycle, logger, metrics));

  container.bind(TOKENS.CommandHandler).toDynamicValue((ctx) => new CommandHandler(ctx.get<EventStore>(EVENT_STORE)));
  // Going online also saves its position with the pings (through the index), for the call list.
  container.bind<DriverDependencies>(TOKENS.DriverDependencies).toDynamicValue((ctx) => ({
    commands: ctx.get(TOKENS.CommandHandler),
    clock: ctx.get(CLOCK),
    lastPositions: { positions: ctx.get<DriverPositions>(DRIVER_POSITIONS), logger },
  }));
  container
    .bind<RideDependencies>(TOKENS.RideDependencies)
    .toDynamicValue((ctx) => ({ commands: ctx.get(TOKENS.CommandHandler), clock: ctx.get(CLOCK) }));
  container.bind<ChargePaymentDependencies>(TOKENS.ChargePaymentDependencies).toDynamicValue((ctx) => ({
    commands: ctx.get(TOKENS.CommandHandler),
    clock: ctx.get(CLOCK),
    gateway: ctx.get(PAYMENT_GATEWAY),
    retryDelayMs: exponentialRetryDelay(config.PAYMENT_RETRY_BASE_MS, config.PAYMENT_RETRY_MAX_DELAY_MS),
    onOutcome: (outcome) => metrics.countPayment(outcome),
  }));
  container.bind<SettlePayment>(TOKENS.SettlePayment).toDynamicValue((ctx) => {
    const deps = ctx.get<ChargePaymentDependencies>(TOKENS.ChargePaymentDependencies);
    return (paymentId, context) => chargePayment(deps, paymentId, context, config.PAYMENT_BUDGET_MS);
  });

  // The workers' adapters, opened when a role first needs them (the api role never does).
  container.bind<Notifier>(NOTIFIER).toDynamicValue(() => openNotifier(config, logger));
  container.bind<DeadLetterStore>(DEAD_LETTER_STORE).toDynamicValue(() => openDeadLetterStore(config, lifecycle));
  container.bind<LeaseStore>(LEASE_STORE).toDynamicValue(() => openLeaseStore(config, lifecycle));

  container.bind<BackgroundWorker[]>(TOKENS.SagaWorkers).toDynamicValue((ctx) => {
    const deps = { eventStore, commands: ctx.get<CommandHandler>(TOKENS.CommandHandler), checkpoints, clock: ctx.get<Clock>(CLOCK), logger };
    const adapters = {
      notifier: ctx.get<Notifier>(NOTIFIER),
      deadLetters: ctx.get<DeadLetterStore>(DEAD_LETTER_STORE),
      leases: ctx.get<LeaseStore>(LEASE_STORE),
    };
    return [
      ...sagaWorkers({
        ...deps,
        ...adapters,
        config,
        metrics,
        gateway: ctx.get(PAYMENT_GATEWAY),
        charging: ctx.get(TOKENS.ChargePaymentDependencies),
      }),
      ...ctx.get<DispatchComponents>(TOKENS.Dispatch).workers,
    ];
  });
  container.bind<DispatchComponents>(TOKENS.Dispatch).toDynamicValue((ctx) => {
    const opened = openDriverPositions(config);
    lifecycle.onStop('driver positions', opened.close);
    return dispatchComponents({
      config,
      lifecycle,
      logger,
      eventStore,
      readStore,
      commands: ctx.get(TOKENS.CommandHandler),
      checkpoints,
      clock: ctx.get(CLOCK),
      opened,
      metrics,
    });
  });
  container.bind<DriverPositions>(DRIVER_POSITIONS).toDynamicValue((ctx) => ctx.get<DispatchComponents>(TOKENS.Dispatch).positions);
  container.bind<AvailableDrivers>(AVAILABLE_DRIVERS).toDynamicValue((ctx) => ctx.get<DispatchComponents>(TOKENS.Dispatch).index);
  container.bind<BackgroundWorker[]>(TOKENS.ApiFollowers).toDynamicValue((ctx) => ctx.get<DispatchComponents>(TOKENS.Dispatch).apiFollowers);
  // The projector role follows every read model; in `all` the queries ask this runner directly.
  const projector = new ProjectionRunner(READ_MODELS, { eventStore, readStore, logger });
  for (const { name } of READ_MODELS) {
    metrics.registerProjectionLag(name, async () => projectionProgress(eventStore, container.get<Clock>(CLOCK), await readStore.getCheckpoint(name)));
  }
  const retention = new NotificationRetention(readStore, overrides.clock ?? systemClock, {
    retentionDays: config.NOTIFICATION_RETENTION_DAYS,
    intervalMs: config.NOTIFICATION_RETENTION_INTERVAL_MS,
    logger,
  });
  // Dispatch timings follow the live tail with the projector: one process measures them.
  const timings = new DispatchTimings(eventStore, metrics, logger.child({ component: 'dispatch-timings' }));
  container.bind<BackgroundWorker[]>(TOKENS.ProjectorWorkers).toConstantValue([projector, retention, timings]);
  const localProjections = new Map<string, LocalProjection>(config.ROLE === 'all' ? READ_MODELS.map(({ name }) => [name, projector]) : []);
  container.bind(TOKENS.Freshness).toConstantValue(new ReadModelFreshness(readStore, eventStore, localProjections));

  // Production verifies an identity provider's tokens; the embedded default mints its own.
  if (config.AUTH_MODE === 'jwks') {
    container.bind<TokenVerifier>(TOKENS.TokenVerifier).toConstantValue(
      new CachedTokenVerifier(
        new JwksTokenVerifier(config.AUTH_JWKS_URL!, config.AUTH_ISSUER!, config.AUTH_AUDIENCE!, {
          claim: config.AUTH_ROLES_CLAIM,
          map: config.AUTH_ROLE_MAP,
        }),
      ),
    );
    container.bind<Router[]>(TOKENS.PublicRouters).toConstantValue([]);
  } else {
    const authority = await DevTokenAuthority.open(config.AUTH_DEV_KEY_FILE ?? dataFile(config, 'dev-signing-key.json'));
    container.bind<TokenVerifier>(TOKENS.TokenVerifier).toConstantValue(new CachedTokenVerifier(authority));
    container.bind<Router[]>(TOKENS.PublicRouters).toConstantValue([devTokenRoutes(authority)]);
  }

  container.bind<ReadinessCheck[]>(TOKENS.ReadinessChecks).toDynamicValue(() => [
    { name: 'eventStore', check: () => eventStore.ping() },
    { name: 'eventStoreWrites', check: async () => writeHealth.status().ok, details: () => writeHealth.status() },
    { name: 'readStore', check: () => readStore.ping() },
    { name: 'personalDataKeys', check: () => personalDataKeys.ping() },
  ]);
  // One query object per read-side concern, shared by the routes that read it.
  const driverQueries = new DriverQueries(readStore, config.SERVICE_TIME_ZONE);
  const fareQueries = new FareQueries(readStore);
  const operatorQueries = new OperatorQueries(readStore);
  const personalDataQueries = new PersonalDataQueries(readStore);
  metrics.registerDeadLetters(() => container.get<DeadLetterStore>(DEAD_LETTER_STORE).count());
  container.bind<Router[]>(TOKENS.ApiRouters).toDynamicValue((ctx) => [
    driverCommandRoutes(ctx.get(TOKENS.DriverDependencies)),
    callCommandRoutes({
      ...ctx.get<RideDependencies>(TOKENS.RideDependencies),
      settlePayment: ctx.get(TOKENS.SettlePayment),
      meter: { tracks: ctx.get<DispatchComponents>(TOKENS.Dispatch).tracks, timeZone: config.SERVICE_TIME_ZONE },
      requestOptions: {
        timeZone: config.SERVICE_TIME_ZONE,
        unpaidRides: unpaidRidesOf(fareQueries, ctx.get(TOKENS.Freshness), Math.min(200, config.READ_WAIT_IMPLICIT_MS), logger),
      },
    }),
    tariffRoutes(ctx.get(TOKENS.CommandHandler), ctx.get(CLOCK)),
    fareRoutes(ctx.get(TOKENS.CommandHandler), ctx.get(CLOCK), config.SERVICE_TIME_ZONE),
    settlementRoutes({
      ...ctx.get<RideDependencies>(TOKENS.RideDependencies),
      settlePayment: ctx.get(TOKENS.SettlePayment),
      fares: fareQueries,
      freshness: ctx.get(TOKENS.Freshness),
      implicitWaitMs: config.READ_WAIT_IMPLICIT_MS,
    }),
    queryRoutes(new RideQueries(readStore), ctx.get(TOKENS.Freshness), ctx.get<DispatchComponents>(TOKENS.Dispatch).positions, {
      maxWaitMs: config.READ_WAIT_MAX_MS,
      implicitWaitMs: config.READ_WAIT_IMPLICIT_MS,
      driverMayRead: (callId, driverId) => driverQueries.mayRead(callId, driverId),
    }),
    viewRoutes({
      queries: operatorQueries,
      reports: new DailyReportQueries(readStore, config.SERVICE_TIME_ZONE),
      readStore,
      drivers: driverQueries,
      clock: ctx.get<Clock>(CLOCK),
      timeZone: config.SERVICE_TIME_ZONE,
      // The bound store (crypto-shredding): the call history shows an erased person's fields erased.
      eventStore: ctx.get<EventStore>(EVENT_STORE),
      freshness: ctx.get(TOKENS.Freshness),
      positions: ctx.get<DispatchComponents>(TOKENS.Dispatch).positions,
      options: { maxWaitMs: config.READ_WAIT_MAX_MS, implicitWaitMs: config.READ_WAIT_IMPLICIT_MS },
    }),
    paymentRoutes({
      queries: operatorQueries,
      settlePayment: ctx.get(TOKENS.SettlePayment),
      clock: ctx.get<Clock>(CLOCK),
      freshness: ctx.get(TOKENS.Freshness),
      options: { maxWaitMs: config.READ_WAIT_MAX_MS, implicitWaitMs: config.READ_WAIT_IMPLICIT_MS },
    }),
    deadLetterRoutes({
      deadLetters: ctx.get<DeadLetterStore>(DEAD_LETTER_STORE),
      notifier: ctx.get<Notifier>(NOTIFIER),
      clock: ctx.get<Clock>(CLOCK),
    }),
    ...ctx.get<DispatchComponents>(TOKENS.Dispatch).routers(),
    personalDataRoutes({
      erasure: {
        commands: ctx.get(TOKENS.CommandHandler),
        keys: personalDataKeys,
        clock: ctx.get(CLOCK),
        openCallsOfPassenger: (id) => personalDataQueries.openCallsOfPassenger(id),
      },
      queries: personalDataQueries,
      freshness: ctx.get(TOKENS.Freshness),
      waitMs: config.READ_WAIT_MAX_MS,
    }),
  ]);
  return container;
};
