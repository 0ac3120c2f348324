import type { RequestHandler } from 'express';
import type { DriverPositions } from '../../../application/ports/driver-positions.js';
import type { Clock } from '../../../application/ports/clock.js';
import type { ReadStore } from '../../../application/ports/read-store.js';
import { driverNotificationsProjection } from '../../../projections/driver-notifications/driver-notifications.projection.js';
import { driverRidesProjection } from '../../../projections/driver-rides/driver-rides.projection.js';
import { driversProjection } from '../../../projections/drivers/drivers.projection.js';
import type { DriverQueries } from '../../../projections/queries/driver-queries.js';
import { nearbyTaxis } from '../../../projections/queries/nearby-taxis.js';
import type { OperatorQueries } from '../../../projections/queries/operator-queries.js';
import { requireSelfOrOperator } from '../authorization.js';
import { ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import * as views from './views.schemas.js';

export type DriverViewDependencies = {
  queries: OperatorQueries;
  drivers: DriverQueries;
  readStore: ReadStore;
  clock: Clock;
  positions: Pick<DriverPositions, 'positionOf'>;
  /** A driver silent for longer is AWAY: not counted as a free taxi. */
  staleAfterMs: number;
  /** Before the nearby taxis: a per-subject limit, so the grid cannot be worn down by sheer numbers of questions. */
  nearbyLimit: RequestHandler[];
};

/** A driver's own profile, rides (with today's earnings) and notifications (the driver, or an operator); the free taxis near a place. */
export const driverViewRoutes = new Routes<DriverViewDependencies>({ tag: 'drivers' })
  .route({
    method: 'get',
    path: '/api/drivers/:driverId',
    summary: "A driver's profile, status and last position (the driver, operators)",
    roles: ['driver', 'operator'],
    request: { params: views.driverParamsSchema, query: views.callQuerySchema },
    readsFrom: [driversProjection],
    responses: { 200: ok('The driver', views.driverResponseSchema) },
    errors: { 404: ['DRIVER_NOT_FOUND'] },
    handle: async ({ params: { driverId } }, { queries, drivers }, { res }) => {
      requireSelfOrOperator(res, 'driver', driverId);
      // With the last ping's position and time (AWAY when that is too old), and the ride and offers
      // in hand, so a console reloaded mid-ride restores its panel.
      const driver = await queries.driver(driverId);
      const [currentRide, pendingOffers] = await Promise.all([drivers.currentRide(driver.currentCallId), drivers.pendingOffers(driverId)]);
      return { ...driver, currentRide, pendingOffers };
    },
  })
  .route({
    method: 'get',
    path: '/api/drivers/:driverId/rides',
    summary: "A driver's rides, newest first, and today's earnings (the driver, operators; keyset pages)",
    roles: ['driver', 'operator'],
    request: { params: views.driverParamsSchema, query: views.driverListQuerySchema },
    readsFrom: [driverRidesProjection],
    responses: { 200: ok('A page of rides', views.driverRidesResponseSchema) },
    handle: async ({ params: { driverId }, query: { limit, cursor } }, { drivers, clock }, { res }) => {
      requireSelfOrOperator(res, 'driver', driverId);
      const [page, todayEarnings] = await Promise.all([
        drivers.rides(driverId, { limit, cursor: cursor ?? null }),
        drivers.earningsOn(driverId, clock.now()),
      ]);
      return { ...page, todayEarnings };
    },
  })
  .route({
    method: 'get',
    path: '/api/drivers/:driverId/notifications',
    summary: "A driver's notifications, newest first (the driver, operators; keyset pages)",
    roles: ['driver', 'operator'],
    request: { params: views.driverParamsSchema, query: views.driverListQuerySchema },
    readsFrom: [driverNotificationsProjection],
    responses: { 200: ok('A page of notifications', views.driverNotificationsResponseSchema) },
    handle: ({ params: { driverId }, query: { limit, cursor } }, { drivers }, { res }) => {
      requireSelfOrOperator(res, 'driver', driverId);
      return drivers.notifications(driverId, { limit, cursor: cursor ?? null });
    },
  })
  .route({
    method: 'get',
    path: '/api/taxis/nearby',
    tag: 'queries',
    summary: 'Free taxis near a place, without driver ids (anyone signed in)',
    before: ({ nearbyLimit }) => nearbyLimit,
    request: { query: views.nearbyTaxisQuerySchema.extend({ minPosition: views.callQuerySchema.shape.minPosition }) },
    readsFrom: [driversProjection],
    responses: {
      200: ok(
        'Counted on a grid of about 280 m × 265 m cells: the centre is its cell, the radius the next of 500, 1,000, 2,000, 3,000, 5,000 or 10,000 m, and at most 20 positions are the centres of the taxis’ cells. Limited per subject (NEARBY_RATE_LIMIT_PER_MINUTE).',
        views.nearbyTaxisResponseSchema,
        { count: 1, radiusMeters: 3000, taxis: [{ lat: 37.55375, lng: 126.9705 }] },
      ),
    },
    handle: ({ query: { lat, lng, rideType, radius } }, { readStore, positions, clock, staleAfterMs }) => {
      const presence = { lastPingOf: (driverId: string) => positions.positionOf(driverId), now: clock.now(), staleAfterMs };
      return nearbyTaxis(readStore, presence, { near: { lat, lng }, rideType, radiusMeters: radius });
    },
  });
