import { Router } from 'express';
import { type DriverDependencies, goOffline, goOnline, registerDriver } from '../../../application/driver/driver-service.js';
import { RIDE_TYPES } from '../../../domain/call/call.js';
import { requireRole, requireSelfOrOperator } from '../authorization.js';
import { callerOf } from '../caller.js';
import { parse } from '../validation.js';
import { driverParams, goOnlineBody as onlineSchema, registerDriverBody as registerSchema } from './drivers.schemas.js';

/** Driver commands: registration and availability. */
export const driverCommandRoutes = (deps: DriverDependencies) => {
  const router = Router();

  router.post('/drivers', async (req, res) => {
    const actor = requireRole(res, 'operator', 'driver');
    const input = parse(registerSchema, req.body);
    const driverId = actor.role === 'driver' ? actor.id : undefined;
    const result = await registerDriver(deps, { ...input, rideTypes: input.rideTypes ?? [...RIDE_TYPES], driverId }, callerOf(req, actor));
    res
      .status(201)
      .json({ driverId: result.driverId, name: input.name, vehicleNo: input.vehicleNo, revision: result.revision, position: result.position });
  });

  router.post('/drivers/:driverId/online', async (req, res) => {
    const { driverId } = parse(driverParams, req.params, 'params');
    const actor = requireSelfOrOperator(res, 'driver', driverId);
    const { location } = parse(onlineSchema, req.body);
    const result = await goOnline(deps, { driverId, location }, callerOf(req, actor));
    res.json({ driverId, status: 'ONLINE', location, revision: result.revision, position: result.position });
  });

  router.post('/drivers/:driverId/offline', async (req, res) => {
    const { driverId } = parse(driverParams, req.params, 'params');
    const actor = requireSelfOrOperator(res, 'driver', driverId);
    const result = await goOffline(deps, { driverId }, callerOf(req, actor));
    res.json({ driverId, status: 'OFFLINE', revision: result.revision, position: result.position });
  });

  return router;
};
