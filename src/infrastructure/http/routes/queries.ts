import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { DriverPositions } from '../../../application/ports/driver-positions.js';
import type { ReadModelFreshness } from '../../../application/queries/read-model-freshness.js';
import type { RideQueries } from '../../../projections/queries/ride-queries.js';
import { requireCallReader, requireRole, requireSelfOrOperator } from '../authorization.js';
import { idSchema, parse } from '../validation.js';
import { driverCallListParams } from './driver-calls.schemas.js';
import { HttpError } from '../errors.js';
import { DomainError } from '../../../domain/shared/domain-error.js';
import type { Coordinates } from '../../../domain/shared/geo.js';
import { showsTaxi, taxiPositionOf } from '../../../application/queries/taxi-position.js';
import { pageQuerySchema } from './list.schemas.js';

const readOptions = z.object({ minPosition: z.coerce.number().int().min(0).optional() }).extend(pageQuerySchema.shape);

/** 503 with Retry-After: the client asked for a position this read model has not reached yet. */
export const readModelBehind = (projection: string, minPosition: number) =>
  new HttpError(
    503,
    'READ_MODEL_BEHIND',
    `The ${projection} read model has not reached position ${minPosition} yet; retry shortly`,
    { projection, minPosition },
    { 'Retry-After': '1' },
  );

export type QueryRouteOptions = {
  /** Longest wait for an explicit `minPosition`. */
  maxWaitMs: number;
  /** Wait for the log's head when no `minPosition` is given: short, so a down projector costs little. */
  implicitWaitMs: number;
  /** Whether a driver may read a call: the one assigned to it, or holding a pending offer for it. */
  driverMayRead?: (callId: string, driverId: string) => Promise<boolean>;
};

/**
 * Queries: each answers from one read model, after an optional bounded wait for freshness. The call
 * list also asks `positions` where the driver last was (a primary-key lookup), so it is ordered
 * from where the driver is now, not from where they went online.
 */
export const queryRoutes = (
  queries: RideQueries,
  freshness: ReadModelFreshness,
  positions: Pick<DriverPositions, 'positionOf'>,
  options: QueryRouteOptions,
) => {
  const router = Router();

  /** While DISPATCHED or DRIVING the entry carries the taxi's last position (pings are not events). */
  const withTaxi = async <Entry extends { status: string; driverId: string | null; pickup: Coordinates }>(entry: Entry) => {
    if (!showsTaxi(entry)) return entry;
    return { ...entry, taxi: taxiPositionOf(entry, await positions.positionOf(entry.driverId)) };
  };

  /** Waits for the model, then says in headers how fresh the answer is. */
  const fresh = async (req: Request, res: Response, projection: string) => {
    const query = parse(readOptions, req.query, 'query');
    const explicit = query.minPosition !== undefined;
    const reached = await freshness.waitFor(
      projection,
      explicit ? query.minPosition! : 'head',
      explicit ? options.maxWaitMs : options.implicitWaitMs,
    );
    // An answer from before the asked position could be a false 404 or a missing item: say so instead.
    if (!reached && explicit) throw readModelBehind(projection, query.minPosition!);
    if (!reached) res.set('X-Read-Model-Stale', 'true');
    return query;
  };

  router.get('/calls/:callId', async (req, res) => {
    const { callId } = parse(z.object({ callId: idSchema }), req.params, 'params');
    const actor = requireRole(res, 'passenger', 'operator', 'driver');
    await fresh(req, res, 'dashboard');
    if (actor.role === 'driver') {
      await freshness.waitFor('driver-rides', 'head', options.implicitWaitMs);
      // Any other call answers exactly like a missing one, so call ids cannot be probed.
      if (!(await options.driverMayRead?.(callId, actor.id))) throw new DomainError('CALL_NOT_FOUND', `Call ${callId} does not exist`, { callId });
      res.json(await withTaxi(await queries.call(callId)));
      return;
    }
    const entry = await queries.call(callId);
    requireCallReader(res, entry);
    res.json(await withTaxi(entry));
  });

  router.get('/passengers/:passengerId/calls', async (req, res) => {
    const { passengerId } = parse(z.object({ passengerId: idSchema }), req.params, 'params');
    requireSelfOrOperator(res, 'passenger', passengerId);
    const { limit, cursor } = await fresh(req, res, 'dashboard');
    res.json(await queries.passengerCalls(passengerId, { limit, cursor: cursor ?? null }));
  });

  router.get('/passengers/:passengerId/notifications', async (req, res) => {
    const { passengerId } = parse(z.object({ passengerId: idSchema }), req.params, 'params');
    requireSelfOrOperator(res, 'passenger', passengerId);
    const { limit, cursor } = await fresh(req, res, 'notifications');
    res.json(await queries.notifications(passengerId, { limit, cursor: cursor ?? null }));
  });

  router.get('/drivers/:driverId/calls', async (req, res) => {
    const { driverId } = parse(driverCallListParams, req.params, 'params');
    requireSelfOrOperator(res, 'driver', driverId);
    const { limit } = await fresh(req, res, 'call-list');
    await freshness.waitFor('drivers', 'head', options.implicitWaitMs);
    const last = await positions.positionOf(driverId);
    res.json(await queries.callList(driverId, limit, last?.location));
  });

  return router;
};
