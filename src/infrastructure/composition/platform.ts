import type { Router } from 'express';
import type { Logger } from 'pino';
import { CHECKPOINT_STORE, type CheckpointStore } from '../../application/ports/checkpoint-store.js';
import { CLOCK, type Clock, systemClock } from '../../application/ports/clock.js';
import { DEAD_LETTER_STORE } from '../../application/ports/dead-letter-store.js';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.js';
import { LEASE_STORE } from '../../application/ports/lease-store.js';
import { NOTIFIER } from '../../application/ports/notifier.js';
import { ContactDirectory } from '../../application/notifications/contact-directory.js';
import { PAYMENT_GATEWAY, type PaymentGateway } from '../../application/ports/payment-gateway.js';
import { PERSONAL_DATA_KEYS, type PersonalDataKeys } from '../../application/ports/personal-data-keys.js';
import { READ_STORE, type ReadStore } from '../../application/ports/read-store.js';
import { StreamTickets } from '../auth/stream-tickets.js';
import { CachedTokenVerifier } from '../auth/cached-token-verifier.js';
import { DevTokenAuthority } from '../auth/dev-token-authority.js';
import { JwksTokenVerifier } from '../auth/jwks-token-verifier.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import { buildVersion } from '../build-info.js';
import type { Config } from '../config/config.js';
import { SharedTailReader } from '../event-store/shared-tail-reader.js';
import { WriteHealth, WriteHealthEventStore } from '../event-store/write-health.js';
import { devTokenRoutes } from '../http/routes/dev-tokens.js';
import { Lifecycle } from '../lifecycle.js';
import { createLogger } from '../logging.js';
import { Metrics } from '../metrics/metrics.js';
import { CryptoShreddingEventStore } from '../privacy/crypto-shredding-event-store.js';
import { PersonalKeysCache } from '../privacy/personal-keys-cache.js';
import { SealingDeadLetterStore } from '../privacy/sealing-dead-letter-store.js';
import { TOKENS } from '../tokens.js';
import { openDeadLetterStore, openDeliveryLog, openLeaseStore, openNotifier } from './open-adapters.js';
import { DELIVERY_LOG } from '../../application/ports/delivery-log.js';
import { dataFile, openCheckpointStore, openEventStore, openPaymentGateway, openPersonalDataKeys, openReadStore } from './open-stores.js';
import { resolve, compositionModule } from './binding.js';

export type CompositionOverrides = { clock?: Clock; logger?: Logger };

/** What must be open (or connected) before anything is resolved: the process's services and its stores. */
export type Platform = {
  config: Config;
  logger: Logger;
  lifecycle: Lifecycle;
  clock: Clock;
  metrics: Metrics;
  writeHealth: WriteHealth;
  personalDataKeys: PersonalDataKeys;
  /** The keys as the log, the read models and the dead letters read them: one cache. */
  keyCache: PersonalKeysCache;
  eventStore: EventStore;
  readStore: ReadStore;
  checkpoints: CheckpointStore;
  gateway: PaymentGateway;
  verifier: TokenVerifier;
  publicRouters: Router[];
};

/** Production verifies an identity provider's tokens; the embedded default mints its own. */
const openAuth = async (config: Config): Promise<Pick<Platform, 'verifier' | 'publicRouters'>> => {
  if (config.AUTH_MODE === 'jwks') {
    const provider = new JwksTokenVerifier(config.AUTH_JWKS_URL!, config.AUTH_ISSUER!, config.AUTH_AUDIENCE!, {
      claim: config.AUTH_ROLES_CLAIM,
      map: config.AUTH_ROLE_MAP,
    });
    return { verifier: new CachedTokenVerifier(provider), publicRouters: [] };
  }
  const authority = await DevTokenAuthority.open(config.AUTH_DEV_KEY_FILE ?? dataFile(config, 'dev-signing-key.json'));
  return { verifier: new CachedTokenVerifier(authority), publicRouters: [devTokenRoutes.router(authority)] };
};

/**
 * The log as this process uses it: writes watched for failures (readiness), every consumer reading
 * the tail through one shared reader, personal fields sealed on append and opened on read. Sealed
 * events are what the shared tail keeps in memory; each reader opens its own copy, so no plaintext
 * outlives a read, and an erasure is effective for the next read of every reader.
 */
const openLog = (config: Config, logger: Logger, keys: PersonalKeysCache, writeHealth: WriteHealth): EventStore =>
  new CryptoShreddingEventStore(new SharedTailReader(new WriteHealthEventStore(openEventStore(config, logger), writeHealth)), keys);

/** Opens the stores, the gateway and the token verifier; each registers its close with the lifecycle. */
export const openPlatform = async (config: Config, overrides: CompositionOverrides): Promise<Platform> => {
  const logger = overrides.logger ?? createLogger(config);
  const lifecycle = new Lifecycle(logger);
  const metrics = new Metrics({ defaultLabels: { role: config.ROLE }, build: { version: buildVersion() } });
  const writeHealth = new WriteHealth(10_000, () => metrics.countEventStoreWriteFailure());
  metrics.reportWritesFailing(() => !writeHealth.status().ok);
  const personalDataKeys = openPersonalDataKeys(config);
  lifecycle.onStop('personal data keys', () => personalDataKeys.close());
  // One key cache for the log and the read models: an erasure this process sees evicts for both.
  const keyCache = new PersonalKeysCache(personalDataKeys);
  const eventStore = openLog(config, logger, keyCache, writeHealth);
  lifecycle.onStop('event store', () => eventStore.close());
  const readStore = await openReadStore(config, keyCache);
  lifecycle.onStop('read store', () => readStore.close());
  const checkpoints = await openCheckpointStore(config, readStore, lifecycle);
  const gateway = await openPaymentGateway(config, lifecycle, logger, metrics);
  const clock = overrides.clock ?? systemClock;
  return {
    config,
    logger,
    lifecycle,
    clock,
    metrics,
    writeHealth,
    personalDataKeys,
    keyCache,
    eventStore,
    readStore,
    checkpoints,
    gateway,
    ...(await openAuth(config)),
  };
};

/**
 * Binds what the platform opened, and the workers' adapters, which are opened when a role first
 * needs them (the api role never does).
 */
export const platformModule = (platform: Platform) =>
  compositionModule((bind) => {
    const { config, logger, lifecycle } = platform;
    bind(TOKENS.Config).toConstantValue(config);
    bind(TOKENS.Logger).toConstantValue(logger);
    bind(TOKENS.Lifecycle).toConstantValue(lifecycle);
    bind(CLOCK).toConstantValue(platform.clock);
    bind(TOKENS.Metrics).toConstantValue(platform.metrics);
    bind(TOKENS.WriteHealth).toConstantValue(platform.writeHealth);
    bind(PERSONAL_DATA_KEYS).toConstantValue(platform.personalDataKeys);
    bind(EVENT_STORE).toConstantValue(platform.eventStore);
    bind(READ_STORE).toConstantValue(platform.readStore);
    bind(CHECKPOINT_STORE).toConstantValue(platform.checkpoints);
    bind(PAYMENT_GATEWAY).toConstantValue(platform.gateway);
    bind(TOKENS.TokenVerifier).toConstantValue(platform.verifier);
    bind(TOKENS.StreamTickets).toConstantValue(new StreamTickets(config.STREAM_TICKET_TTL_MS, platform.clock));
    bind(TOKENS.PublicRouters).toConstantValue(platform.publicRouters);
    bind(TOKENS.ContactDirectory).toDynamicValue((ctx) => new ContactDirectory(resolve(ctx, TOKENS.CommandHandler)));
    bind(NOTIFIER).toDynamicValue((ctx) => openNotifier(config, logger, lifecycle, resolve(ctx, TOKENS.ContactDirectory)));
    bind(DEAD_LETTER_STORE).toDynamicValue(() => new SealingDeadLetterStore(openDeadLetterStore(config, lifecycle), platform.keyCache));
    bind(DELIVERY_LOG).toDynamicValue(() => openDeliveryLog(config, lifecycle));
    bind(LEASE_STORE).toDynamicValue(() => openLeaseStore(config, lifecycle));
  });
