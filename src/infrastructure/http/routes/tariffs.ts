import { Router } from 'express';
import { z } from 'zod';
import type { CommandHandler } from '../../../application/command-handler.js';
import type { Clock } from '../../../application/ports/clock.js';
import { setTariff, tariffFor } from '../../../application/tariff/tariffs.js';
import { RIDE_TYPES } from '../../../domain/call/call.js';
import { requireRole } from '../authorization.js';
import { callerOf } from '../caller.js';
import { parse, rideTypeSchema } from '../validation.js';

const tariffSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/).default('KRW'),
  amountPerStartedMinute: z.number().int().positive().max(1_000_000),
  minimumMinutes: z.number().int().min(1).max(600).default(1),
});

/** The operator's tariff per ride type; a ride is priced with the tariff in force when it finishes. */
export const tariffRoutes = (commands: CommandHandler, clock: Clock) => {
  const router = Router();

  router.get('/tariffs', async (_req, res) => {
    res.json(await Promise.all(RIDE_TYPES.map(async (rideType) => ({ rideType, ...(await tariffFor(commands, rideType)) }))));
  });

  router.put('/tariffs/:rideType', async (req, res) => {
    const actor = requireRole(res, 'operator');
    const { rideType } = parse(z.object({ rideType: rideTypeSchema }), req.params, 'params');
    const tariff = parse(tariffSchema, req.body);
    const result = await setTariff({ commands, clock }, { rideType, tariff }, callerOf(req, actor));
    res.json({ rideType, ...tariff, revision: result.revision, position: result.position });
  });

  return router;
};
