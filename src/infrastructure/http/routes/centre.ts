import { type BookingDependencies, bookCall } from '../../../application/call/book-call.js';
import { assignCall, type PresenceCheck } from '../../../application/dispatch/assign-call.js';
import type { MeterDependencies, SettlePayment } from '../../../application/driving/finish-ride.js';
import { forceFinish } from '../../../application/driving/force-finish.js';
import type { Clock } from '../../../application/ports/clock.js';
import type { RideDependencies } from '../../../application/ride-dependencies.js';
import { dashboardProjection } from '../../../projections/dashboard/dashboard.projection.js';
import { driversProjection } from '../../../projections/drivers/drivers.projection.js';
import type { AttentionQueries } from '../../../projections/queries/attention-queries.js';
import { actorOf } from '../authorization.js';
import { callerOf } from '../caller.js';
import { CALL_STATE, gangnam, ok, station } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import * as calls from './calls.schemas.js';
import * as centre from './centre.schemas.js';

export type CentreRouteDependencies = RideDependencies & {
  settlePayment: SettlePayment;
  meter?: MeterDependencies;
  presence: PresenceCheck;
  booking: BookingDependencies;
  attention: AttentionQueries;
  clock: Clock;
};

/** The dispatch centre's commands (each recorded with the operator as actor) and its attention list. */
export const centreRoutes = new Routes<CentreRouteDependencies>({ tag: 'operators' })
  .route({
    method: 'post',
    path: '/api/bookings',
    summary: 'Book a call by phone for a passenger without the app (operator)',
    description:
      'The passenger is found or created by phone number (their id is derived from it; the number is sealed personal data). The call is marked `bookedBy` the operator; the one-open-call and unpaid-ride rules apply.',
    roles: ['operator'],
    request: { body: centre.bookingBody, bodyExample: { phone: '010-1234-5678', name: 'Lee', pickup: station, destination: gangnam } },
    responses: { 201: ok('Booked', centre.bookingResponse) },
    errors: { 409: ['PASSENGER_HAS_OPEN_CALL', 'RIDE_TYPE_UNAVAILABLE', 'UNPAID_RIDE', 'PERSON_ERASED'] },
    handle: async ({ body }, deps, { req, res }) => {
      const result = await bookCall(deps.booking, body, callerOf(req, actorOf(res)));
      return { callId: result.callId, passengerId: result.passengerId, status: 'REQUESTED', revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'post',
    path: '/api/calls/:callId/assign',
    summary: 'Dispatch a call to a chosen driver, or reassign a dispatched one (operator)',
    description: 'On a DISPATCHED call the previous driver is released and told.',
    roles: ['operator'],
    request: { params: calls.callParams, body: calls.assignBody },
    responses: { 200: ok('Dispatched to that driver', calls.assignResponse) },
    errors: {
      404: ['CALL_NOT_FOUND', 'DRIVER_NOT_FOUND'],
      409: [...CALL_STATE, 'DRIVER_BUSY', 'DRIVER_AWAY', 'DRIVER_OFFLINE', 'RIDE_TYPE_MISMATCH', 'PERSON_ERASED'],
    },
    handle: async ({ params: { callId }, body: { driverId, reason } }, deps, { req, res }) => {
      const result = await assignCall(deps, { callId, driverId, reason }, callerOf(req, actorOf(res)));
      return { callId, status: 'DISPATCHED', driverId, revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'post',
    path: '/api/calls/:callId/force-finish',
    summary: 'Finish a ride under way for its driver (operator)',
    description: "The fare from the ride's track, or the amount entered; payment as usual; the driver is freed; the reason is recorded.",
    roles: ['operator'],
    request: { params: calls.callParams, body: calls.forceFinishBody, bodyExample: { reason: 'driver phone dead' } },
    responses: { 200: ok('Finished', calls.rideFinishedResponse) },
    errors: { 404: ['CALL_NOT_FOUND'], 409: CALL_STATE },
    handle: async ({ params: { callId }, body: { reason, fare } }, deps, { req, res }) => {
      const result = await forceFinish(deps, { callId, reason, fare }, callerOf(req, actorOf(res)));
      return { callId, status: 'FINISHED', fare: result.fare, payment: result.payment, revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'get',
    path: '/api/attention',
    summary: 'Rides and drivers that need an operator (operator)',
    description:
      '`STUCK_DISPATCHED`: dispatched without arrival or start for longer than STUCK_AFTER_MS. `LONG_RIDE`: driving for longer than twice its estimated duration plus STUCK_AFTER_MS. `DRIVER_BUSY_WITHOUT_RIDE`: a driver on a ride whose call is over. Oldest first.',
    roles: ['operator'],
    request: { query: centre.attentionQuery },
    readsFrom: [dashboardProjection, driversProjection],
    responses: { 200: ok('A page of items', centre.attentionResponse) },
    handle: ({ query: { limit, cursor } }, { attention, clock }) => attention.items(clock.now(), limit, cursor ?? null),
  });
