import type { Router } from 'express';
import type { ResolutionContext } from 'inversify';
import type { SettlePayment } from '../../application/driving/finish-ride.js';
import { DRIVER_POSITIONS, type DriverPositions } from '../../application/ports/driver-positions.js';
import { READ_STORE, type ReadStore } from '../../application/ports/read-store.js';
import { RIDE_TRACKS, type RideTracks } from '../../application/ports/ride-tracks.js';
import type { RideDependencies } from '../../application/ride-dependencies.js';
import { AttentionQueries } from '../../projections/queries/attention-queries.js';
import type { Config } from '../config/config.js';
import type { ReadWaits } from '../http/reads-from.js';
import { centreRoutes } from '../http/routes/centre.js';
import { pickupStepRoutes } from '../http/routes/pickup-steps.js';
import { passengerIdsOfPhones, phoneIdKey } from '../privacy/phone-passenger-ids.js';
import { TOKENS } from '../tokens.js';
import type { Bind } from './binding.js';

/** The dispatch centre: phone bookings, assignment, forced finish, the attention list. */
const centreRouter = (config: Config, ctx: ResolutionContext, waits: ReadWaits) => {
  const ride = ctx.get<RideDependencies>(TOKENS.RideDependencies);
  const positions = ctx.get<DriverPositions>(DRIVER_POSITIONS);
  const deps = {
    ...ride,
    settlePayment: ctx.get<SettlePayment>(TOKENS.SettlePayment),
    meter: { tracks: ctx.get<RideTracks>(RIDE_TRACKS), timeZone: config.SERVICE_TIME_ZONE },
    presence: { positions, staleAfterMs: config.DRIVER_STALE_AFTER_MS },
    booking: {
      ...ride,
      passengerIdOf: passengerIdsOfPhones(phoneIdKey(config.PHONE_ID_KEY, config.DATA_DIR)),
      requestOptions: { timeZone: config.SERVICE_TIME_ZONE, serviceLocale: config.SERVICE_LOCALE },
    },
    attention: new AttentionQueries(ctx.get<ReadStore>(READ_STORE), config.STUCK_AFTER_MS),
  };
  return centreRoutes.router(deps, waits);
};

/** The driver's steps at the pickup and the dispatch centre's commands. */
export const centreRouters = (config: Config, bind: Bind, readWaits: (ctx: ResolutionContext) => ReadWaits) => {
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) =>
    pickupStepRoutes.router({
      ...ctx.get<RideDependencies>(TOKENS.RideDependencies),
      pickup: { positions: ctx.get<DriverPositions>(DRIVER_POSITIONS), arriveWithinMetres: config.ARRIVE_WITHIN_M },
    }),
  );
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) => centreRouter(config, ctx, readWaits(ctx)));
};
