import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../authorization.js';
import { idSchema, parse } from '../validation.js';
import { operatorMessageBody } from './channel.schemas.js';
import type { DriverUpdates } from './driver-updates.js';

const driverParams = z.object({ driverId: idSchema });

/**
 * The dispatch centre writes to a driver (`{"type":"message","from":"operator"}` on the channel).
 * Best effort and not an event: it reaches the driver's channels open on this process, and the
 * answer says how many; a message that must not be lost is a notification, not a channel message.
 */
export const driverMessageRoutes = (updates: Pick<DriverUpdates, 'tell'>) => {
  const router = Router();
  router.post('/drivers/:driverId/messages', (req, res) => {
    const { driverId } = parse(driverParams, req.params, 'params');
    requireRole(res, 'operator');
    const { text } = parse(operatorMessageBody, req.body);
    res.status(202).json({ driverId, delivered: updates.tell(driverId, text) });
  });
  return router;
};
