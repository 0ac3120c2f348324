import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { DriverPositions } from '../../../application/ports/driver-positions.js';
import type { EventStore } from '../../../application/ports/event-store.js';
import { callHistory } from '../../../application/queries/call-history.js';
import type { ReadModelFreshness } from '../../../application/queries/read-model-freshness.js';
import type { OperatorQueries } from '../../../projections/queries/operator-queries.js';
import { requireRole, requireSelfOrOperator } from '../authorization.js';
import { parse } from '../validation.js';
import { type ReadWaits, readModelBehind } from '../reads-from.js';

type QueryRouteOptions = Omit<ReadWaits, 'freshness'>;
import {
  callParamsSchema,
  callsQuerySchema,
  dailyReportQuerySchema,
  driverListQuerySchema,
  driverParamsSchema,
  driversQuerySchema,
  nearbyTaxisQuerySchema,
} from './views.schemas.js';
import { nearbyTaxis } from '../../../projections/queries/nearby-taxis.js';
import type { ReadStore } from '../../../application/ports/read-store.js';
import type { DailyReportQueries } from '../../../projections/queries/daily-report-queries.js';
import type { DriverQueries } from '../../../projections/queries/driver-queries.js';
import type { Clock } from '../../../application/ports/clock.js';
import { z } from 'zod';

const minPositionSchema = z.object({ minPosition: z.coerce.number().int().min(0).optional() });

export type ViewRouteDependencies = {
  queries: OperatorQueries;
  reports: DailyReportQueries;
  readStore: ReadStore;
  drivers: DriverQueries;
  clock: Clock;
  timeZone: string;
  eventStore: Pick<EventStore, 'readStream'>;
  freshness: ReadModelFreshness;
  positions: Pick<DriverPositions, 'positionOf'>;
  /** A driver silent for longer is AWAY: not counted as a free taxi. */
  staleAfterMs: number;
  options: QueryRouteOptions;
  /** Before the nearby taxis: a per-subject limit, so the grid cannot be worn down by sheer numbers of questions. */
  nearbyLimit: RequestHandler[];
};

/** Waits (bounded) for a projection before a read; the answer says when it did not catch up. */
type Fresh = (req: Request, res: Response, projection: string) => Promise<void>;

/** As the other queries: a bounded wait, a 503 when an asked position is not reached. */
const freshnessGate =
  ({ freshness, options }: Pick<ViewRouteDependencies, 'freshness' | 'options'>): Fresh =>
  async (req, res, projection) => {
    const { minPosition } = parse(minPositionSchema, { minPosition: req.query.minPosition }, 'query');
    const reached = await freshness.waitFor(
      projection,
      minPosition ?? 'head',
      minPosition === undefined ? options.implicitWaitMs : options.maxWaitMs,
    );
    if (!reached && minPosition !== undefined) throw readModelBehind(projection, minPosition);
    if (!reached) res.set('X-Read-Model-Stale', 'true');
  };

/** The operators' lists: every call, one call's history (read from the log), every driver. */
const operatorLists = (router: Router, { queries, eventStore }: ViewRouteDependencies, fresh: Fresh) => {
  router.get('/calls', async (req, res) => {
    requireRole(res, 'operator');
    const { limit, cursor, minPosition: _ignored, ...filter } = parse(callsQuerySchema.extend(minPositionSchema.shape), req.query, 'query');
    await fresh(req, res, 'dashboard');
    res.json(await queries.calls(filter, { limit, cursor: cursor ?? null }));
  });

  router.get('/calls/:callId/history', async (req, res) => {
    const { callId } = parse(callParamsSchema, req.params, 'params');
    requireRole(res, 'operator');
    res.json(await callHistory(eventStore, callId));
  });

  router.get('/drivers', async (req, res) => {
    requireRole(res, 'operator');
    const { limit, cursor, status, near } = parse(driversQuerySchema.extend(minPositionSchema.shape), req.query, 'query');
    await fresh(req, res, 'drivers');
    res.json(await queries.drivers(status, near, { limit, cursor: cursor ?? null }));
  });
};

/** A driver's own profile, rides (with today's earnings) and notifications: the driver, or an operator. */
const driverViews = (router: Router, { queries, drivers, clock }: ViewRouteDependencies, fresh: Fresh) => {
  router.get('/drivers/:driverId', async (req, res) => {
    const { driverId } = parse(driverParamsSchema, req.params, 'params');
    requireSelfOrOperator(res, 'driver', driverId);
    await fresh(req, res, 'drivers');
    // With the last ping's position and time (AWAY when that is too old), and the ride and offers
    // in hand, so a console reloaded mid-ride restores its panel.
    const driver = await queries.driver(driverId);
    const [currentRide, pendingOffers] = await Promise.all([drivers.currentRide(driver.currentCallId), drivers.pendingOffers(driverId)]);
    res.json({ ...driver, currentRide, pendingOffers });
  });

  router.get('/drivers/:driverId/rides', async (req, res) => {
    const { driverId } = parse(driverParamsSchema, req.params, 'params');
    requireSelfOrOperator(res, 'driver', driverId);
    const { limit, cursor } = parse(driverListQuerySchema, req.query, 'query');
    await fresh(req, res, 'driver-rides');
    const [page, todayEarnings] = await Promise.all([
      drivers.rides(driverId, { limit, cursor: cursor ?? null }),
      drivers.earningsOn(driverId, clock.now()),
    ]);
    res.json({ ...page, todayEarnings });
  });

  router.get('/drivers/:driverId/notifications', async (req, res) => {
    const { driverId } = parse(driverParamsSchema, req.params, 'params');
    requireSelfOrOperator(res, 'driver', driverId);
    const { limit, cursor } = parse(driverListQuerySchema, req.query, 'query');
    await fresh(req, res, 'driver-notifications');
    res.json(await drivers.notifications(driverId, { limit, cursor: cursor ?? null }));
  });
};

/** The free taxis near a place, without driver ids (anyone signed in). */
const nearbyTaxisView = (router: Router, { readStore, positions, nearbyLimit, clock, staleAfterMs }: ViewRouteDependencies, fresh: Fresh) => {
  router.get('/taxis/nearby', ...nearbyLimit, async (req, res) => {
    const { lat, lng, rideType, radius } = parse(nearbyTaxisQuerySchema, req.query, 'query');
    await fresh(req, res, 'drivers');
    const presence = { lastPingOf: (driverId: string) => positions.positionOf(driverId), now: clock.now(), staleAfterMs };
    res.json(await nearbyTaxis(readStore, presence, { near: { lat, lng }, rideType, radiusMeters: radius }));
  });
};

/** The operators' daily report, by day in the service time zone. */
const dailyReportView = (router: Router, { reports, timeZone }: ViewRouteDependencies, fresh: Fresh) => {
  router.get('/reports/daily', async (req, res) => {
    requireRole(res, 'operator');
    const { from, to } = parse(dailyReportQuerySchema, { from: req.query.from, to: req.query.to }, 'query');
    await fresh(req, res, 'daily-report');
    res.json({ timeZone, days: await reports.daily(from, to) });
  });
};

/** The operators' lists and the driver's own profile; each reads one read model or the log. */
export const viewRoutes = (dependencies: ViewRouteDependencies) => {
  const router = Router();
  const fresh = freshnessGate(dependencies);
  operatorLists(router, dependencies, fresh);
  driverViews(router, dependencies, fresh);
  nearbyTaxisView(router, dependencies, fresh);
  dailyReportView(router, dependencies, fresh);
  return router;
};
