import type { Router } from 'express';
import type { Logger } from 'pino';
import type { CommandHandler } from '../application/command-handler.js';
import type { DriverDependencies } from '../application/driver/driver-service.js';
import type { SettlePayment } from '../application/driving/finish-ride.js';
import type { ContactDirectory } from '../application/notifications/contact-directory.js';
import type { ChargePaymentDependencies } from '../application/payment/charge-payment.js';
import { token } from '../application/ports/token.js';
import type { AutoDispatchWorker } from '../application/processes/auto-dispatch-worker.js';
import type { ReadModelFreshness } from '../application/queries/read-model-freshness.js';
import type { RideDependencies } from '../application/ride-dependencies.js';
import type { ProjectionRunner } from '../projections/projection-runner.js';
import type { DailyReportQueries } from '../projections/queries/daily-report-queries.js';
import type { DriverQueries } from '../projections/queries/driver-queries.js';
import type { FareQueries } from '../projections/queries/fare-queries.js';
import type { OperatorQueries } from '../projections/queries/operator-queries.js';
import type { PersonalDataQueries } from '../projections/queries/personal-data-export.js';
import type { RideQueries } from '../projections/queries/ride-queries.js';
import type { StreamTickets } from './auth/stream-tickets.js';
import type { TokenVerifier } from './auth/token-verifier.js';
import type { Config } from './config/config.js';
import type { WriteHealth } from './event-store/write-health.js';
import type { DriverAvailabilityFeed } from './geo/driver-availability-feed.js';
import type { DriverSpatialIndex } from './geo/driver-spatial-index.js';
import type { OpenedDriverPositions } from './geo/open-driver-positions.js';
import type { DriverChannel } from './http/channel/driver-channel.js';
import type { DriverUpdates } from './http/channel/driver-updates.js';
import type { ReadinessCheck } from './http/routes/health.js';
import type { LogTail } from './http/sse/log-tail.js';
import type { OfferBoard } from './http/sse/offer-board.js';
import type { Lifecycle } from './lifecycle.js';
import type { Metrics } from './metrics/metrics.js';
import type { BackgroundWorker } from './roles/background-worker.js';

/**
 * Tokens of the composition root (src/infrastructure/composition/), each naming the type bound
 * under it; ports own theirs (EVENT_STORE, CLOCK, …). Every token here is bound
 * (tests/e2e/composition.e2e.spec.ts).
 */
export const TOKENS = {
  Config: token<Config>('Config'),
  Logger: token<Logger>('Logger'),
  Lifecycle: token<Lifecycle>('Lifecycle'),
  Metrics: token<Metrics>('Metrics'),
  WriteHealth: token<WriteHealth>('WriteHealth'),
  TokenVerifier: token<TokenVerifier>('TokenVerifier'),
  StreamTickets: token<StreamTickets>('StreamTickets'),

  // Use cases' dependencies (composition/use-cases.ts).
  CommandHandler: token<CommandHandler>('CommandHandler'),
  ContactDirectory: token<ContactDirectory>('ContactDirectory'),
  DriverDependencies: token<DriverDependencies>('DriverDependencies'),
  RideDependencies: token<RideDependencies>('RideDependencies'),
  ChargePaymentDependencies: token<ChargePaymentDependencies>('ChargePaymentDependencies'),
  SettlePayment: token<SettlePayment>('SettlePayment'),

  // Dispatch (composition/dispatch.ts).
  OpenedDriverPositions: token<OpenedDriverPositions>('OpenedDriverPositions'),
  DriverIndex: token<DriverSpatialIndex>('DriverIndex'),
  AvailabilityFeed: token<DriverAvailabilityFeed>('AvailabilityFeed'),
  LogTail: token<LogTail>('LogTail'),
  OfferBoard: token<OfferBoard>('OfferBoard'),
  /** The drivers' WebSocket channel (composition/channel.ts). */
  DriverChannel: token<DriverChannel>('DriverChannel'),
  /** What goes down the channels: offers, call updates, operator messages (one per process). */
  DriverUpdates: token<DriverUpdates>('DriverUpdates'),
  /** Bound only when AUTO_DISPATCH is on. */
  AutoDispatch: token<AutoDispatchWorker>('AutoDispatch'),

  // Followers (composition/followers.ts).
  Projector: token<ProjectionRunner>('Projector'),
  LeaseOwner: token<string>('LeaseOwner'),
  /** What each role runs besides HTTP, one binding per follower, started in binding order (roles/start-role.ts). */
  RunsIn: {
    projector: token<BackgroundWorker>('RunsIn.projector'),
    workers: token<BackgroundWorker>('RunsIn.workers'),
    api: token<BackgroundWorker>('RunsIn.api'),
  },

  // Reads and HTTP (composition/http.ts).
  Freshness: token<ReadModelFreshness>('Freshness'),
  RideQueries: token<RideQueries>('RideQueries'),
  DriverQueries: token<DriverQueries>('DriverQueries'),
  FareQueries: token<FareQueries>('FareQueries'),
  OperatorQueries: token<OperatorQueries>('OperatorQueries'),
  DailyReportQueries: token<DailyReportQueries>('DailyReportQueries'),
  PersonalDataQueries: token<PersonalDataQueries>('PersonalDataQueries'),
  ReadinessChecks: token<ReadinessCheck[]>('ReadinessChecks'),
  /** The `/api` routers, one binding each, mounted in binding order. */
  ApiRouters: token<Router>('ApiRouters'),
  /** Routers served without a token (the development token endpoint). */
  PublicRouters: token<Router[]>('PublicRouters'),
} as const;
