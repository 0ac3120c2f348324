import type { DriverPositions } from '../../../application/ports/driver-positions.js';
import { showsTaxi, taxiPositionOf } from '../../../application/queries/taxi-position.js';
import { DomainError } from '../../../domain/shared/domain-error.js';
import type { Coordinates } from '../../../domain/shared/geo.js';
import { dashboardProjection } from '../../../projections/dashboard/dashboard.projection.js';
import { driverRidesProjection } from '../../../projections/driver-rides/driver-rides.projection.js';
import { notificationsProjection } from '../../../projections/notifications/notifications.projection.js';
import type { RideQueries } from '../../../projections/queries/ride-queries.js';
import { actorOf, requireCallReader, requireSelfOrOperator } from '../authorization.js';
import { events, ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import { type CallEventRouteDependencies, streamCallEvents } from '../sse/call-events.js';
import * as sse from './sse.schemas.js';
import * as views from './views.schemas.js';

export type RideQueryDependencies = CallEventRouteDependencies & {
  queries: RideQueries;
  positions: Pick<DriverPositions, 'positionOf'>;
  /** Whether a driver may read a call: the one assigned to it, or holding a pending offer for it. */
  driverMayRead?: (callId: string, driverId: string) => Promise<boolean>;
};

/** While DISPATCHED or DRIVING the entry carries the taxi's last position (pings are not events). */
const withTaxi = async <Entry extends { status: string; driverId: string | null; pickup: Coordinates }>(
  entry: Entry,
  positions: RideQueryDependencies['positions'],
) => (showsTaxi(entry) ? { ...entry, taxi: taxiPositionOf(entry, await positions.positionOf(entry.driverId)) } : entry);

/** The ride as passengers and operators read it: one call, live or not, and a passenger's lists. */
export const rideQueryRoutes = new Routes<RideQueryDependencies>({ tag: 'queries' })
  .route({
    method: 'get',
    path: '/api/calls/:callId',
    summary: 'The dashboard entry of a call (its passenger, an operator)',
    description:
      'A driver may read the call assigned or offered to it; any other call answers 404 like a missing one. While DISPATCHED or DRIVING the entry carries `taxi`, the last position of the taxi.',
    roles: ['passenger', 'operator', 'driver'],
    request: { params: views.callParamsSchema, query: views.callQuerySchema },
    // A driver's right to read a call is in its rides.
    readsFrom: [dashboardProjection, driverRidesProjection],
    responses: { 200: ok('The entry', views.callResponseSchema) },
    errors: { 404: ['CALL_NOT_FOUND'] },
    handle: async ({ params: { callId } }, { queries, positions, driverMayRead }, { res }) => {
      const actor = actorOf(res);
      // Any other call answers exactly like a missing one, so call ids cannot be probed.
      if (actor.role === 'driver' && !(await driverMayRead?.(callId, actor.id)))
        throw new DomainError('CALL_NOT_FOUND', `Call ${callId} does not exist`, { callId });
      const entry = await queries.call(callId);
      if (actor.role !== 'driver') requireCallReader(res, entry);
      return withTaxi(entry, positions);
    },
  })
  .route({
    method: 'get',
    path: '/api/calls/:callId/events',
    tag: 'streams',
    summary: 'Live status of a call (Server-Sent Events)',
    description:
      "One `event: status` per change of status or payment status; `id:` is the log position; reconnect with Last-Event-ID to resume. `event: search` counts the drivers the call was offered to so far, one per offer. While DISPATCHED or DRIVING, `event: taxi` (no id) carries the taxi's last position, at most once a second.",
    request: { params: views.callParamsSchema, query: sse.sseQuery },
    responses: { 200: events },
    events: { status: sse.callStatusEvent, search: sse.callSearchEvent, taxi: views.taxiEventSchema },
    errors: { 404: ['CALL_NOT_FOUND'] },
    handle: ({ params: { callId } }, deps, { req, res }) => streamCallEvents(req, res, callId, deps),
  })
  .route({
    method: 'get',
    path: '/api/passengers/:passengerId/calls',
    summary: "A passenger's dashboard entries, newest first (keyset pages)",
    description: 'The passenger themselves, or an operator. Pass `nextCursor` back as `cursor` for the next page.',
    roles: ['passenger', 'operator'],
    request: { params: views.passengerListParamsSchema, query: views.passengerListQuerySchema },
    readsFrom: [dashboardProjection],
    responses: { 200: ok('A page of entries', views.passengerCallsResponseSchema) },
    handle: ({ params: { passengerId }, query: { limit, cursor } }, { queries }, { res }) => {
      requireSelfOrOperator(res, 'passenger', passengerId);
      return queries.passengerCalls(passengerId, { limit, cursor: cursor ?? null });
    },
  })
  .route({
    method: 'get',
    path: '/api/passengers/:passengerId/notifications',
    summary: "A passenger's notification history, newest first (keyset pages)",
    roles: ['passenger', 'operator'],
    request: { params: views.passengerListParamsSchema, query: views.passengerListQuerySchema },
    readsFrom: [notificationsProjection],
    responses: { 200: ok('A page of notifications', views.passengerNotificationsResponseSchema) },
    handle: ({ params: { passengerId }, query: { limit, cursor } }, { queries }, { res }) => {
      requireSelfOrOperator(res, 'passenger', passengerId);
      return queries.notifications(passengerId, { limit, cursor: cursor ?? null });
    },
  });
