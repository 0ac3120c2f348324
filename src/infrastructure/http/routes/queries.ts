import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { DriverPositions } from '../../../application/ports/driver-positions.js';
import type { ReadModelFreshness } from '../../../application/queries/read-model-freshness.js';
import type { RideQueries } from '../../../projections/queries/ride-queries.js';
import { requireCallReader, requireRole, requireSelfOrOperator } from '../authorization.js';
import { idSchema, parse } from '../validation.js';
import { readOptionsQuery as readOptions } from './queries.schemas.js';


export type QueryRouteOptions = {
  /** Longest wait for an explicit `minPosition`. */
  maxWaitMs: number;
  /** Wait for the log's head when no `minPosition` is given: short, so a down projector costs little. */
  implicitWaitMs: number;
};

/**
 * Queries: each answers from one read model, after an optional bounded wait for freshness. The call
 * list also asks `positions` where the driver last was (a primary-key lookup), so it is ordered
 * from where the driver is now, not from where they went online.
 */
export const queryRoutes = (queries: RideQueries, freshness: ReadModelFreshness, positions: Pick<DriverPositions, 'positionOf'>, options: QueryRouteOptions) => {
  const router = Router();

  /** Waits for the model, then says in headers how fresh the answer is. */
  const fresh = async (req: Request, res: Response, projection: string) => {
    const query = parse(readOptions, req.query, 'query');
    const explicit = query.minPosition !== undefined;
    const reached = await freshness.waitFor(projection, explicit ? query.minPosition! : 'head', explicit ? options.maxWaitMs : options.implicitWaitMs);
    if (!reached) res.set('X-Read-Model-Stale', 'true');
    return query;
  };

  router.get('/calls/:callId', async (req, res) => {
    const { callId } = parse(z.object({ callId: idSchema }), req.params, 'params');
    requireRole(res, 'passenger', 'operator');
    await fresh(req, res, 'dashboard');
    const entry = await queries.call(callId);
    requireCallReader(res, entry);
    res.json(entry);
  });

  router.get('/passengers/:passengerId/calls', async (req, res) => {
    const { passengerId } = parse(z.object({ passengerId: idSchema }), req.params, 'params');
    requireSelfOrOperator(res, 'passenger', passengerId);
    const { limit, offset } = await fresh(req, res, 'dashboard');
    res.json(await queries.passengerCalls(passengerId, { limit, offset }));
  });

  router.get('/passengers/:passengerId/notifications', async (req, res) => {
    const { passengerId } = parse(z.object({ passengerId: idSchema }), req.params, 'params');
    requireSelfOrOperator(res, 'passenger', passengerId);
    const { limit, offset } = await fresh(req, res, 'notifications');
    res.json(await queries.notifications(passengerId, { limit, offset }));
  });

  router.get('/drivers/:driverId/calls', async (req, res) => {
    const { driverId } = parse(z.object({ driverId: idSchema }), req.params, 'params');
    requireSelfOrOperator(res, 'driver', driverId);
    const { limit } = await fresh(req, res, 'call-list');
    await freshness.waitFor('drivers', 'head', options.implicitWaitMs);
    const last = await positions.positionOf(driverId);
    res.json(await queries.callList(driverId, limit, last?.location));
  });

  return router;
};
