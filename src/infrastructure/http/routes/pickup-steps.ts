import { Router } from 'express';
import { arriveAtPickup } from '../../../application/dispatch/arrive-at-pickup.js';
import type { PickupCheck } from '../../../application/dispatch/pickup.js';
import { releaseCall } from '../../../application/dispatch/release-call.js';
import type { RideDependencies } from '../../../application/ride-dependencies.js';
import { actingAs, actorOf } from '../authorization.js';
import { callerOf } from '../caller.js';
import { parse } from '../validation.js';
import { callParams, driverBody, releaseBody } from './calls.schemas.js';

/** The assigned driver's steps between the accept and the start: at the pickup, or giving the call back. */
export const pickupStepRoutes = (deps: RideDependencies & { pickup: PickupCheck }) => {
  const router = Router();

  router.post('/calls/:callId/arrive', async (req, res) => {
    const { callId } = parse(callParams, req.params, 'params');
    const driverId = actingAs(res, 'driver', parse(driverBody, req.body).driverId);
    const result = await arriveAtPickup(deps, { callId, driverId }, callerOf(req, actorOf(res)));
    res.json({ callId, status: 'DISPATCHED', arrivedAt: result.arrivedAt, revision: result.revision, position: result.position });
  });

  router.post('/calls/:callId/release', async (req, res) => {
    const { callId } = parse(callParams, req.params, 'params');
    const body = parse(releaseBody, req.body);
    const driverId = actingAs(res, 'driver', body.driverId);
    const result = await releaseCall(deps, { callId, driverId, reason: body.reason }, callerOf(req, actorOf(res)));
    res.json({ callId, status: 'REQUESTED', revision: result.revision, position: result.position });
  });

  return router;
};
