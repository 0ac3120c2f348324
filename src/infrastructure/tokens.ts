/** Inversify tokens of the composition root; ports own theirs (EVENT_STORE, CLOCK, …). */
export const TOKENS = {
  Config: Symbol.for('Config'),
  Logger: Symbol.for('Logger'),
  CommandHandler: Symbol.for('CommandHandler'),
  DriverDependencies: Symbol.for('DriverDependencies'),
  RideDependencies: Symbol.for('RideDependencies'),
  SettlePayment: Symbol.for('SettlePayment'),
  ApiRouters: Symbol.for('ApiRouters'),
  ReadinessChecks: Symbol.for('ReadinessChecks'),
  Lifecycle: Symbol.for('Lifecycle'),
  ProjectorWorkers: Symbol.for('ProjectorWorkers'),
  SagaWorkers: Symbol.for('SagaWorkers'),
  Freshness: Symbol.for('Freshness'),
  TokenVerifier: Symbol.for('TokenVerifier'),
  Metrics: Symbol.for('Metrics'),
  PublicRouters: Symbol.for('PublicRouters'),
  ChargePaymentDependencies: Symbol.for('ChargePaymentDependencies'),
  /** Driver positions, the spatial index, auto-dispatch and the live streams (roles/dispatch-components.ts). */
  Dispatch: Symbol.for('Dispatch'),
  /** What the api role follows besides serving: the offer board. */
  ApiFollowers: Symbol.for('ApiFollowers'),
} as const;
