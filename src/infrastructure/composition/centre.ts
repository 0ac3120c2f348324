import type { Router } from 'express';
import type { ResolutionContext } from 'inversify';
import { DRIVER_POSITIONS } from '../../application/ports/driver-positions.js';
import { READ_STORE } from '../../application/ports/read-store.js';
import { RIDE_TRACKS } from '../../application/ports/ride-tracks.js';
import { AttentionQueries } from '../../projections/queries/attention-queries.js';
import type { Config } from '../config/config.js';
import type { ReadWaits } from '../http/reads-from.js';
import { centreRoutes } from '../http/routes/centre.js';
import { pickupStepRoutes } from '../http/routes/pickup-steps.js';
import { passengerIdsOfPhones, phoneIdKey } from '../privacy/phone-passenger-ids.js';
import { TOKENS } from '../tokens.js';
import type { Bind } from './binding.js';
import { resolve } from './binding.js';

/** The dispatch centre: phone bookings, assignment, forced finish, the attention list. */
const centreRouter = (config: Config, ctx: ResolutionContext, waits: ReadWaits) => {
  const ride = resolve(ctx, TOKENS.RideDependencies);
  const positions = resolve(ctx, DRIVER_POSITIONS);
  const deps = {
    ...ride,
    settlePayment: resolve(ctx, TOKENS.SettlePayment),
    meter: { tracks: resolve(ctx, RIDE_TRACKS), timeZone: config.SERVICE_TIME_ZONE },
    presence: { positions, staleAfterMs: config.DRIVER_STALE_AFTER_MS },
    booking: {
      ...ride,
      passengerIdOf: passengerIdsOfPhones(phoneIdKey(config.PHONE_ID_KEY, config.DATA_DIR)),
      requestOptions: { timeZone: config.SERVICE_TIME_ZONE, serviceLocale: config.SERVICE_LOCALE },
    },
    attention: new AttentionQueries(resolve(ctx, READ_STORE), config.STUCK_AFTER_MS),
  };
  return centreRoutes.router(deps, waits);
};

/** The driver's steps at the pickup and the dispatch centre's commands. */
export const centreRouters = (config: Config, bind: Bind, readWaits: (ctx: ResolutionContext) => ReadWaits) => {
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) =>
    pickupStepRoutes.router({
      ...resolve(ctx, TOKENS.RideDependencies),
      pickup: { positions: resolve(ctx, DRIVER_POSITIONS), arriveWithinMetres: config.ARRIVE_WITHIN_M },
    }),
  );
  bind<Router>(TOKENS.ApiRouters).toDynamicValue((ctx) => centreRouter(config, ctx, readWaits(ctx)));
};
