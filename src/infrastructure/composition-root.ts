import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Container } from 'inversify';
import { pino, type Logger } from 'pino';
import type { Router } from 'express';
import { CommandHandler } from '../application/command-handler.js';
import { DriverService } from '../application/driver/driver-service.js';
import type { SettlePayment } from '../application/driving/finish-ride.js';
import { paymentStatus } from '../application/payment/payment-status.js';
import { CLOCK, type Clock, systemClock } from '../application/ports/clock.js';
import { EVENT_STORE, type EventStore } from '../application/ports/event-store.js';
import type { RideDependencies } from '../application/ride-dependencies.js';
import type { Config } from './config/config.js';
import { SqliteEventStore } from './event-store/sqlite-event-store.js';
import { callCommandRoutes } from './http/routes/calls.js';
import { driverCommandRoutes } from './http/routes/drivers.js';
import type { ReadinessCheck } from './http/routes/health.js';
import { Lifecycle } from './lifecycle.js';
import { TOKENS } from './tokens.js';

export type CompositionOverrides = { clock?: Clock; logger?: Logger };

/**
 * The one place that knows every concrete class. Adapters are chosen by configuration:
 * the embedded SQLite stores unless EVENTSTORE_URL / MONGO_URL name production servers.
 */
export const compose = async (config: Config, overrides: CompositionOverrides = {}): Promise<Container> => {
  const container = new Container({ defaultScope: 'Singleton' });
  const logger = overrides.logger ?? pino({ level: config.LOG_LEVEL });
  const lifecycle = new Lifecycle(logger);

  container.bind(TOKENS.Config).toConstantValue(config);
  container.bind(TOKENS.Logger).toConstantValue(logger);
  container.bind(TOKENS.Lifecycle).toConstantValue(lifecycle);
  container.bind<Clock>(CLOCK).toConstantValue(overrides.clock ?? systemClock);

  mkdirSync(config.DATA_DIR, { recursive: true });
  const eventStore: EventStore = new SqliteEventStore(join(config.DATA_DIR, 'events.db'), { durability: config.EVENT_STORE_DURABILITY });
  lifecycle.onStop('event store', () => eventStore.close());
  container.bind<EventStore>(EVENT_STORE).toConstantValue(eventStore);

  container.bind(TOKENS.CommandHandler).toDynamicValue((ctx) => new CommandHandler(ctx.get<EventStore>(EVENT_STORE)));
  container.bind(TOKENS.DriverService).toDynamicValue((ctx) => new DriverService(ctx.get(TOKENS.CommandHandler), ctx.get(CLOCK)));
  container.bind<RideDependencies>(TOKENS.RideDependencies).toDynamicValue((ctx) => ({ commands: ctx.get(TOKENS.CommandHandler), clock: ctx.get(CLOCK) }));
  container.bind<SettlePayment>(TOKENS.SettlePayment).toDynamicValue((ctx) => {
    const commands = ctx.get<CommandHandler>(TOKENS.CommandHandler);
    return (paymentId) => paymentStatus(commands, paymentId);
  });

  container.bind<ReadinessCheck[]>(TOKENS.ReadinessChecks).toDynamicValue((ctx) => [
    { name: 'eventStore', check: () => ctx.get<EventStore>(EVENT_STORE).ping() },
  ]);
  container.bind<Router[]>(TOKENS.ApiRouters).toDynamicValue((ctx) => [
    driverCommandRoutes(ctx.get(TOKENS.DriverService)),
    callCommandRoutes({ ...ctx.get<RideDependencies>(TOKENS.RideDependencies), settlePayment: ctx.get(TOKENS.SettlePayment) }),
  ]);
  return container;
};
