import { Router } from 'express';
import type { CommandHandler } from '../../../application/command-handler.js';
import type { Clock } from '../../../application/ports/clock.js';
import { resumeRideType, setTariff, suspendRideType, tariffStateFor } from '../../../application/tariff/tariffs.js';
import { RIDE_TYPES } from '../../../domain/call/call.js';
import type { TariffState } from '../../../domain/tariff/tariff.js';
import { requireRole } from '../authorization.js';
import { callerOf } from '../caller.js';
import { parse } from '../validation.js';
import { suspendBodySchema, tariffBodySchema, tariffParamsSchema } from './fares.schemas.js';

const entryOf = (rideType: string, state: TariffState) => ({
  rideType,
  ...state.tariff,
  version: state.version,
  effectiveFrom: state.effectiveFrom,
  available: state.available,
});

/**
 * The operator's tariff and availability per ride type. A tariff is in force from the moment it is
 * set; a call is priced with the tariff in force at its request.
 */
export const tariffRoutes = (commands: CommandHandler, clock: Clock) => {
  const router = Router();

  router.get('/tariffs', async (_req, res) => {
    res.json(await Promise.all(RIDE_TYPES.map(async (rideType) => entryOf(rideType, await tariffStateFor(commands, rideType)))));
  });

  router.put('/tariffs/:rideType', async (req, res) => {
    const actor = requireRole(res, 'operator');
    const { rideType } = parse(tariffParamsSchema, req.params, 'params');
    const tariff = parse(tariffBodySchema, req.body);
    const result = await setTariff(commands, clock, rideType, tariff, callerOf(req, actor));
    res.json({ ...entryOf(rideType, await tariffStateFor(commands, rideType)), revision: result.revision, position: result.position });
  });

  router.post('/tariffs/:rideType/suspend', async (req, res) => {
    const actor = requireRole(res, 'operator');
    const { rideType } = parse(tariffParamsSchema, req.params, 'params');
    const { reason } = parse(suspendBodySchema, req.body);
    const result = await suspendRideType(commands, clock, rideType, reason ?? null, callerOf(req, actor));
    res.json({ rideType, available: false, revision: result.revision, position: result.position });
  });

  router.post('/tariffs/:rideType/resume', async (req, res) => {
    const actor = requireRole(res, 'operator');
    const { rideType } = parse(tariffParamsSchema, req.params, 'params');
    const result = await resumeRideType(commands, clock, rideType, callerOf(req, actor));
    res.json({ rideType, available: true, revision: result.revision, position: result.position });
  });

  return router;
};
