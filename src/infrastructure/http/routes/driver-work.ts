import type { DriverPositions } from '../../../application/ports/driver-positions.js';
import { driverDecider, driverStream } from '../../../domain/driver/driver.js';
import { DomainError } from '../../../domain/shared/domain-error.js';
import { callListProjection } from '../../../projections/call-list/call-list.projection.js';
import { driversProjection } from '../../../projections/drivers/drivers.projection.js';
import type { RideQueries } from '../../../projections/queries/ride-queries.js';
import { requireSelfOrOperator } from '../authorization.js';
import { events, ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import { type OfferStreamDependencies, streamOffers } from '../sse/offer-stream.js';
import * as driverCalls from './driver-calls.schemas.js';
import * as drivers from './drivers.schemas.js';
import * as sse from './sse.schemas.js';

export type DriverWorkDependencies = OfferStreamDependencies & {
  queries: RideQueries;
  positions: Pick<DriverPositions, 'positionOf'>;
};

/** Where a driver finds work: the open calls nearby, and the offers made to it. */
export const driverWorkRoutes = new Routes<DriverWorkDependencies>({ tag: 'queries' })
  .route({
    method: 'get',
    path: '/api/drivers/:driverId/calls',
    summary: 'Open calls for a driver, nearest first',
    description: 'The driver themselves, or an operator. An entry never names the passenger.',
    roles: ['driver', 'operator'],
    request: { params: driverCalls.driverCallListParams, query: driverCalls.driverCallListQuery },
    // The list is ordered from where the driver is now (its last ping), not from where it went online.
    readsFrom: [callListProjection, driversProjection],
    responses: { 200: ok('The call list', driverCalls.driverCallListResponse) },
    errors: { 404: ['DRIVER_NOT_FOUND'] },
    handle: async ({ params: { driverId }, query: { limit } }, { queries, positions }, { res }) => {
      requireSelfOrOperator(res, 'driver', driverId);
      const last = await positions.positionOf(driverId);
      return queries.callList(driverId, limit, last?.location);
    },
  })
  .route({
    method: 'get',
    path: '/api/drivers/:driverId/offers',
    tag: 'streams',
    summary: 'Offers made to a driver (Server-Sent Events)',
    request: { params: drivers.driverParams, query: sse.sseQuery },
    responses: { 200: events },
    events: { offer: sse.offerEvent, 'offer-closed': sse.offerClosedEvent },
    errors: { 404: ['DRIVER_NOT_FOUND'] },
    // The protocol: sse/offer-stream.ts.
    handle: async ({ params: { driverId } }, deps, { req, res }) => {
      requireSelfOrOperator(res, 'driver', driverId);
      const { state } = await deps.commands.load(driverDecider, driverStream(driverId));
      if (state.status === 'unregistered') throw new DomainError('DRIVER_NOT_FOUND', `Driver ${driverId} does not exist`, { driverId });
      await streamOffers(req, res, driverId, deps);
    },
  });
