/**
 * Inversify tokens of the composition root (src/infrastructure/composition/); ports own theirs
 * (EVENT_STORE, CLOCK, …). Every token here is bound (tests/e2e/composition.e2e.spec.ts).
 */
export const TOKENS = {
  Config: Symbol.for('Config'),
  Logger: Symbol.for('Logger'),
  Lifecycle: Symbol.for('Lifecycle'),
  Metrics: Symbol.for('Metrics'),
  WriteHealth: Symbol.for('WriteHealth'),
  TokenVerifier: Symbol.for('TokenVerifier'),

  // Use cases' dependencies (composition/use-cases.ts).
  CommandHandler: Symbol.for('CommandHandler'),
  DriverDependencies: Symbol.for('DriverDependencies'),
  RideDependencies: Symbol.for('RideDependencies'),
  ChargePaymentDependencies: Symbol.for('ChargePaymentDependencies'),
  SettlePayment: Symbol.for('SettlePayment'),

  // Dispatch (composition/dispatch.ts).
  OpenedDriverPositions: Symbol.for('OpenedDriverPositions'),
  DriverIndex: Symbol.for('DriverIndex'),
  AvailabilityFeed: Symbol.for('AvailabilityFeed'),
  LogTail: Symbol.for('LogTail'),
  OfferBoard: Symbol.for('OfferBoard'),
  /** The drivers' WebSocket channel (composition/channel.ts). */
  DriverChannel: Symbol.for('DriverChannel'),
  /** What goes down the channels: offers, call updates, operator messages (one per process). */
  DriverUpdates: Symbol.for('DriverUpdates'),
  /** Bound only when AUTO_DISPATCH is on. */
  AutoDispatch: Symbol.for('AutoDispatch'),

  // Followers (composition/followers.ts).
  Projector: Symbol.for('Projector'),
  LeaseOwner: Symbol.for('LeaseOwner'),
  /** What each role runs besides HTTP, one binding per follower, started in binding order (roles/start-role.ts). */
  RunsIn: {
    projector: Symbol.for('RunsIn.projector'),
    workers: Symbol.for('RunsIn.workers'),
    api: Symbol.for('RunsIn.api'),
  },

  // Reads and HTTP (composition/http.ts).
  Freshness: Symbol.for('Freshness'),
  RideQueries: Symbol.for('RideQueries'),
  DriverQueries: Symbol.for('DriverQueries'),
  FareQueries: Symbol.for('FareQueries'),
  OperatorQueries: Symbol.for('OperatorQueries'),
  DailyReportQueries: Symbol.for('DailyReportQueries'),
  PersonalDataQueries: Symbol.for('PersonalDataQueries'),
  ReadinessChecks: Symbol.for('ReadinessChecks'),
  /** The `/api` routers, one binding each, mounted in binding order. */
  ApiRouters: Symbol.for('ApiRouters'),
  /** Routers served without a token (the development token endpoint). */
  PublicRouters: Symbol.for('PublicRouters'),
} as const;
