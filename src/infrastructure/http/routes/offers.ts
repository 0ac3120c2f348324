import { Router } from 'express';
import { z } from 'zod';
import { driverDecider, driverStream } from '../../../domain/driver/driver.js';
import { DomainError } from '../../../domain/shared/domain-error.js';
import { requireSelfOrOperator } from '../authorization.js';
import { type OfferStreamDependencies, streamOffers } from '../sse/offer-stream.js';
import { idSchema, parse } from '../validation.js';

const driverParams = z.object({ driverId: idSchema });

export type OfferRouteDependencies = OfferStreamDependencies;

/** Auto-dispatch as a driver sees it: offers streamed as they are made. */
export const offerRoutes = (deps: OfferRouteDependencies) => {
  const router = Router();

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
