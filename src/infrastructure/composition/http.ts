import type { Router } from 'express';
import type { ResolutionContext } from 'inversify';
import { CLOCK } from '../../application/ports/clock.js';
import { DEAD_LETTER_STORE } from '../../application/ports/dead-letter-store.js';
import { DRIVER_POSITIONS } from '../../application/ports/driver-positions.js';
import { EVENT_STORE } from '../../application/ports/event-store.js';
import { NOTIFIER } from '../../application/ports/notifier.js';
import { DELIVERY_LOG } from '../../application/ports/delivery-log.js';
import { PERSONAL_DATA_KEYS } from '../../application/ports/personal-data-keys.js';
import { READ_STORE, type ReadStore } from '../../application/ports/read-store.js';
import { RIDE_TRACKS } from '../../application/ports/ride-tracks.js';
import { type LocalProjection, ReadModelFreshness } from '../../application/queries/read-model-freshness.js';
import { DailyReportQueries } from '../../projections/queries/daily-report-queries.js';
import { DriverQueries } from '../../projections/queries/driver-queries.js';
import { FareQueries } from '../../projections/queries/fare-queries.js';
import { OperatorQueries } from '../../projections/queries/operator-queries.js';
import { PersonalDataQueries } from '../../projections/queries/personal-data-export.js';
import { RideQueries } from '../../projections/queries/ride-queries.js';
import { READ_MODELS } from '../../projections/read-models.js';
import type { Config } from '../config/config.js';
import { operatorEventRoutes } from '../http/routes/operator-events.js';
import { centreRouters } from './centre.js';
import { deadLetterDeskRoutes } from '../http/routes/dead-letters.js';
import { driverCommandRoutes, driverLocationRoutes } from '../http/routes/drivers.js';
import type { ReadinessCheck } from '../http/routes/health.js';
import { driverWorkRoutes } from '../http/routes/driver-work.js';
import { paymentDeskRoutes } from '../http/routes/payments.js';
import { personalDataRoutes, preferencesRoutes } from '../http/routes/personal-data.js';
import { rideCommandRoutes } from '../http/routes/ride-commands.js';
import { rideQueryRoutes } from '../http/routes/ride-queries.js';
import type { ReadWaits } from '../http/reads-from.js';
import { streamTicketRoutes } from '../http/routes/stream-tickets.js';
import { settlementRoutes } from '../http/routes/settlement.js';
import { tariffRoutes } from '../http/routes/tariffs.js';
import { driverViewRoutes } from '../http/routes/driver-views.js';
import { operatorViewRoutes } from '../http/routes/operator-views.js';
import { perSubjectRouteLimit } from '../http/abuse-limits.js';
import { TOKENS } from '../tokens.js';
import { type Bind, loggerFor, resolve, compositionModule } from './binding.js';
import { locationDependencies } from './channel.js';

/** One query object per read-side concern, shared by the routes that read it; in `all`, freshness asks the local projector. */
const readSide = (config: Config, bind: Bind) => {
  const over =
    <T>(make: (readStore: ReadStore) => T) =>
    (ctx: ResolutionContext) =>
      make(resolve(ctx, READ_STORE));
  bind<RideQueries>(TOKENS.RideQueries).toDynamicValue(over((store) => new RideQueries(store)));
  bind<DriverQueries>(TOKENS.DriverQueries).toDynamicValue(over((store) => new DriverQueries(store, config.SERVICE_TIME_ZONE)));
  bind<FareQueries>(TOKENS.FareQueries).toDynamicValue(over((store) => new FareQueries(store)));
  bind<OperatorQueries>(TOKENS.OperatorQueries).toDynamicValue((ctx) => {
    const clock = resolve(ctx, CLOCK);
    const presence = { positions: resolve(ctx, DRIVER_POSITIONS), staleAfterMs: config.DRIVER_STALE_AFTER_MS, now: () => clock.now() };
    return new OperatorQueries(resolve(ctx, READ_STORE), presence);
  });
  bind<DailyReportQueries>(TOKENS.DailyReportQueries).toDynamicValue(over((store) => new DailyReportQueries(store, config.SERVICE_TIME_ZONE)));
  bind<PersonalDataQueries>(TOKENS.PersonalDataQueries).toDynamicValue(over((store) => new PersonalDataQueries(store)));
  bind<ReadModelFreshness>(TOKENS.Freshness).toDynamicValue((ctx) => {
    const local = config.ROLE === 'all' ? resolve(ctx, TOKENS.Projector) : null;
    const localProjections = new Map<string, LocalProjection>(local ? READ_MODELS.map(({ name }) => [name, local]) : []);
    return new ReadModelFreshness(resolve(ctx, READ_STORE), resolve(ctx, EVENT_STORE), localProjections);
  });
  bind<ReadinessCheck[]>(TOKENS.ReadinessChecks).toDynamicValue((ctx) => {
    const writeHealth = resolve(ctx, TOKENS.WriteHealth);
    return [
      { name: 'eventStore', check: () => resolve(ctx, EVENT_STORE).ping() },
      { name: 'eventStoreWrites', check: async () => writeHealth.status().ok, details: () => writeHealth.status() },
      { name: 'readStore', check: () => resolve(ctx, READ_STORE).ping() },
      { name: 'personalDataKeys', check: () => resolve(ctx, PERSONAL_DATA_KEYS).ping() },
    ];
  });
};

/** How long a read waits for its read models (read-your-writes). */
const readWaits = (config: Config, ctx: ResolutionContext): ReadWaits => ({
  freshness: resolve(ctx, TOKENS.Freshness),
  maxWaitMs: config.READ_WAIT_MAX_MS,
  implicitWaitMs: config.READ_WAIT_IMPLICIT_MS,
});

/** The command side: drivers, calls (with the meter), tariffs, fares, settlement. */
const commandRouters = (config: Config, bind: Bind) => {
  const commands = (ctx: ResolutionContext) => resolve(ctx, TOKENS.CommandHandler);
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) => driverCommandRoutes.router(resolve(ctx, TOKENS.DriverDependencies)));
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) =>
    rideCommandRoutes.router({
      ...resolve(ctx, TOKENS.RideDependencies),
      settlePayment: resolve(ctx, TOKENS.SettlePayment),
      meter: { tracks: resolve(ctx, RIDE_TRACKS), timeZone: config.SERVICE_TIME_ZONE },
      pickup: { positions: resolve(ctx, DRIVER_POSITIONS), arriveWithinMetres: config.ARRIVE_WITHIN_M },
      requestOptions: { timeZone: config.SERVICE_TIME_ZONE, serviceLocale: config.SERVICE_LOCALE },
    }),
  );
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) =>
    tariffRoutes.router({ commands: commands(ctx), clock: resolve(ctx, CLOCK), timeZone: config.SERVICE_TIME_ZONE }),
  );
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) =>
    settlementRoutes.router(
      {
        ...resolve(ctx, TOKENS.RideDependencies),
        settlePayment: resolve(ctx, TOKENS.SettlePayment),
        fares: resolve(ctx, TOKENS.FareQueries),
      },
      readWaits(config, ctx),
    ),
  );
};

/** The read side: a call and a passenger's history, the operator's views, payments and dead letters. */
const queryRouters = (config: Config, bind: Bind) => {
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) =>
    operatorViewRoutes.router(
      {
        queries: resolve(ctx, TOKENS.OperatorQueries),
        reports: resolve(ctx, TOKENS.DailyReportQueries),
        timeZone: config.SERVICE_TIME_ZONE,
        // The bound store (crypto-shredding): the call history shows an erased person's fields erased.
        eventStore: resolve(ctx, EVENT_STORE),
      },
      readWaits(config, ctx),
    ),
  );
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) =>
    driverViewRoutes.router(
      {
        queries: resolve(ctx, TOKENS.OperatorQueries),
        drivers: resolve(ctx, TOKENS.DriverQueries),
        readStore: resolve(ctx, READ_STORE),
        clock: resolve(ctx, CLOCK),
        positions: resolve(ctx, DRIVER_POSITIONS),
        staleAfterMs: config.DRIVER_STALE_AFTER_MS,
        nearbyLimit: perSubjectRouteLimit('taxis-nearby', { windowMs: 60_000, limit: config.NEARBY_RATE_LIMIT_PER_MINUTE }),
      },
      readWaits(config, ctx),
    ),
  );
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) =>
    paymentDeskRoutes.router(
      {
        ...resolve(ctx, TOKENS.RideDependencies),
        queries: resolve(ctx, TOKENS.OperatorQueries),
        settlePayment: resolve(ctx, TOKENS.SettlePayment),
      },
      readWaits(config, ctx),
    ),
  );
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) =>
    deadLetterDeskRoutes.router({
      deadLetters: resolve(ctx, DEAD_LETTER_STORE),
      deliveries: resolve(ctx, DELIVERY_LOG),
      notifier: resolve(ctx, NOTIFIER),
      clock: resolve(ctx, CLOCK),
    }),
  );
};

/** Location pings, offers and decline, and a call's live status (SSE). */
const dispatchRouters = (config: Config, bind: Bind) => {
  const sseFor = (ctx: ResolutionContext, stream: 'offers' | 'call' | 'operator') => {
    const lifecycle = resolve(ctx, TOKENS.Lifecycle);
    const metrics = resolve(ctx, TOKENS.Metrics);
    return { heartbeatMs: config.SSE_HEARTBEAT_MS, isShuttingDown: () => lifecycle.isShuttingDown, opened: () => metrics.streamOpened(stream) };
  };
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) => driverLocationRoutes.router(locationDependencies(ctx)));
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) =>
    driverWorkRoutes.router(
      {
        commands: resolve(ctx, TOKENS.CommandHandler),
        clock: resolve(ctx, CLOCK),
        eventStore: resolve(ctx, EVENT_STORE),
        tail: resolve(ctx, TOKENS.LogTail),
        board: resolve(ctx, TOKENS.OfferBoard),
        logger: loggerFor(ctx, 'dispatch'),
        sse: sseFor(ctx, 'offers'),
        queries: resolve(ctx, TOKENS.RideQueries),
        positions: resolve(ctx, DRIVER_POSITIONS),
      },
      readWaits(config, ctx),
    ),
  );
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) => streamTicketRoutes.router(resolve(ctx, TOKENS.StreamTickets)));
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) => {
    const drivers = resolve(ctx, TOKENS.DriverQueries);
    const deps = {
      eventStore: resolve(ctx, EVENT_STORE),
      tail: resolve(ctx, TOKENS.LogTail),
      logger: loggerFor(ctx, 'dispatch'),
      sse: sseFor(ctx, 'call'),
      queries: resolve(ctx, TOKENS.RideQueries),
      positions: resolve(ctx, DRIVER_POSITIONS),
      driverMayRead: (callId: string, driverId: string) => drivers.mayRead(callId, driverId),
    };
    return rideQueryRoutes.router(deps, readWaits(config, ctx));
  });
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) =>
    operatorEventRoutes.router({
      tail: resolve(ctx, TOKENS.LogTail),
      positions: resolve(ctx, DRIVER_POSITIONS),
      logger: loggerFor(ctx, 'dispatch'),
      sse: sseFor(ctx, 'operator'),
      coalesceMs: config.OPERATOR_FEED_COALESCE_MS,
      positionsEveryMs: config.OPERATOR_FEED_POSITIONS_MS,
    }),
  );
};

/** Erasure and export of a person's data (docs/personal-data.md). */
const personalDataRouters = (config: Config, bind: Bind) => {
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) => {
    const queries = resolve(ctx, TOKENS.PersonalDataQueries);
    const erasure = {
      commands: resolve(ctx, TOKENS.CommandHandler),
      keys: resolve(ctx, PERSONAL_DATA_KEYS),
      clock: resolve(ctx, CLOCK),
    };
    return personalDataRoutes.router({ erasure, queries }, readWaits(config, ctx));
  });
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) =>
    preferencesRoutes.router({ commands: resolve(ctx, TOKENS.CommandHandler), clock: resolve(ctx, CLOCK) }),
  );
};

/** The query objects, readiness and every `/api` router, mounted in this order. */
export const httpModule = (config: Config) =>
  compositionModule((bind) => {
    readSide(config, bind);
    commandRouters(config, bind);
    centreRouters(config, bind, (ctx) => readWaits(config, ctx));
    queryRouters(config, bind);
    dispatchRouters(config, bind);
    personalDataRouters(config, bind);
  });
