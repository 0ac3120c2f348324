import { Router } from 'express';
import { z } from 'zod';
import { type ReportLocationDependencies, reportLocation } from '../../../application/driver/report-location.js';
import { requireSelfOrOperator } from '../authorization.js';
import { coordinatesSchema, idSchema, parse } from '../validation.js';

const driverParams = z.object({ driverId: idSchema });

/**
 * Position pings: many per driver per minute, so they overwrite the last known position instead of
 * appending events. They feed the spatial index auto-dispatch searches.
 */
export const driverLocationRoutes = (deps: ReportLocationDependencies) => {
  const router = Router();

  router.put('/drivers/:driverId/location', async (req, res) => {
    const { driverId } = parse(driverParams, req.params, 'params');
    requireSelfOrOperator(res, 'driver', driverId);
    const location = parse(coordinatesSchema, req.body);
    const position = await reportLocation(deps, driverId, location);
    res.json(position);
  });

  return router;
};
