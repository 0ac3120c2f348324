import { Router } from 'express';
import type { CommandHandler } from '../../../application/command-handler.js';
import type { Clock } from '../../../application/ports/clock.js';
import { estimateRide } from '../../../application/tariff/tariffs.js';
import { requireRole } from '../authorization.js';
import { parse } from '../validation.js';
import { estimateBodySchema } from './fares.schemas.js';

/** What a ride would cost if requested now, for anyone signed in (an app shows it before the request). */
export const fareRoutes = (commands: CommandHandler, clock: Clock, timeZone: string) => {
  const router = Router();

  router.post('/fares/estimate', async (req, res) => {
    requireRole(res, 'passenger', 'driver', 'operator');
    const input = parse(estimateBodySchema, req.body);
    const estimate = await estimateRide(commands, clock, timeZone, input);
    res.json({ rideType: input.rideType, ...estimate });
  });

  return router;
};
