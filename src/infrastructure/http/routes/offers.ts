import { Router } from 'express';
import { z } from 'zod';
import { declineOffer } from '../../../application/dispatch/decline-offer.js';
import { driverDecider, driverStream } from '../../../domain/driver/driver.js';
import { DomainError } from '../../../domain/shared/domain-error.js';
import { actingAs, actorOf, requireSelfOrOperator } from '../authorization.js';
import { callerOf } from '../caller.js';
import { type OfferStreamDependencies, streamOffers } from '../sse/offer-stream.js';
import { idSchema, parse } from '../validation.js';

const driverParams = z.object({ driverId: idSchema });
const callParams = z.object({ callId: idSchema });
const declineBody = z.object({ driverId: idSchema.optional() });

export type OfferRouteDependencies = OfferStreamDependencies;

/** Auto-dispatch as a driver sees it: offers streamed as they are made, and declining one. */
export const offerRoutes = (deps: OfferRouteDependencies) => {
  const router = Router();

  router.post('/calls/:callId/decline', async (req, res) => {
    const { callId } = parse(callParams, req.params, 'params');
    const driverId = actingAs(res, 'driver', parse(declineBody, req.body).driverId);
    const result = await declineOffer(deps, { callId, driverId }, callerOf(req, actorOf(res)));
    res.json({ callId, driverId, status: 'DECLINED', revision: result.revision, position: result.position });
  });

  /** The driver's offers, live (the protocol: sse/offer-stream.ts). */
  router.get('/drivers/:driverId/offers', async (req, res) => {
    const { driverId } = parse(driverParams, req.params, 'params');
    requireSelfOrOperator(res, 'driver', driverId);
    const { state } = await deps.commands.load(driverDecider, driverStream(driverId));
    if (state.status === 'unregistered') throw new DomainError('DRIVER_NOT_FOUND', `Driver ${driverId} does not exist`, { driverId });
    await streamOffers(req, res, driverId, deps);
  });

  return router;
};
