import * as calls from '../routes/calls.schemas.js';
import * as centre from '../routes/centre.schemas.js';
import { CALL_STATE, gangnam, ok, staleHeader, station } from './doc-helpers.js';
import type { ApiRegistry } from './registry.js';

/** The steps a driver takes between the accept and the start: at the pickup, or giving the call back. */
const pickupRoutes = (api: ApiRegistry) =>
  api.add(
    {
      method: 'post',
      path: '/api/calls/:callId/arrive',
      tag: 'calls',
      security: 'bearer',
      summary: 'The assigned driver is at the pickup; the passenger is told',
      description: "Judged on the driver's last known position: farther than ARRIVE_WITHIN_M (default 200 m) from the pickup is 409 NOT_AT_PICKUP.",
      request: { params: calls.callParams, body: calls.driverBody },
      responses: { 200: ok('Arrived (a repeat answers the first arrival)', calls.arriveResponse) },
      errors: { 403: ['NOT_ASSIGNED_DRIVER'], 404: ['CALL_NOT_FOUND'], 409: [...CALL_STATE, 'NOT_AT_PICKUP'] },
    },
    {
      method: 'post',
      path: '/api/calls/:callId/release',
      tag: 'calls',
      security: 'bearer',
      summary: 'The assigned driver gives the call back before the ride starts',
      description: 'The driver is free, the passenger is told, and the call is dispatched again — never offered to this driver again.',
      request: { params: calls.callParams, body: calls.releaseBody, bodyExample: { reason: 'flat tyre' } },
      responses: { 200: ok('Back to REQUESTED', calls.releaseResponse) },
      errors: { 403: ['NOT_ASSIGNED_DRIVER'], 404: ['CALL_NOT_FOUND'], 409: CALL_STATE },
    },
  );

/** What an operator of the dispatch centre does to a call: book it by phone, assign it, finish it. */
const operatorCommandRoutes = (api: ApiRegistry) =>
  api.add(
    {
      method: 'post',
      path: '/api/bookings',
      tag: 'operators',
      security: 'bearer',
      summary: 'Book a call by phone for a passenger without the app (operator)',
      description:
        'The passenger is found or created by phone number (their id is derived from it; the number is sealed personal data). The call is marked `bookedBy` the operator; the one-open-call and unpaid-ride rules apply.',
      request: { body: centre.bookingBody, bodyExample: { phone: '010-1234-5678', name: 'Lee', pickup: station, destination: gangnam } },
      responses: { 201: ok('Booked', centre.bookingResponse) },
      errors: { 409: ['PASSENGER_HAS_OPEN_CALL', 'RIDE_TYPE_UNAVAILABLE', 'UNPAID_RIDE', 'PERSON_ERASED'] },
    },
    {
      method: 'post',
      path: '/api/calls/:callId/assign',
      tag: 'operators',
      security: 'bearer',
      summary: 'Dispatch a call to a chosen driver, or reassign a dispatched one (operator)',
      description: 'On a DISPATCHED call the previous driver is released and told.',
      request: { params: calls.callParams, body: calls.assignBody },
      responses: { 200: ok('Dispatched to that driver', calls.assignResponse) },
      errors: {
        404: ['CALL_NOT_FOUND', 'DRIVER_NOT_FOUND'],
        409: [...CALL_STATE, 'DRIVER_BUSY', 'DRIVER_AWAY', 'DRIVER_OFFLINE', 'RIDE_TYPE_MISMATCH', 'PERSON_ERASED'],
      },
    },
    {
      method: 'post',
      path: '/api/calls/:callId/force-finish',
      tag: 'operators',
      security: 'bearer',
      summary: 'Finish a ride under way for its driver (operator)',
      description: "The fare from the ride's track, or the amount entered; payment as usual; the driver is freed; the reason is recorded.",
      request: { params: calls.callParams, body: calls.forceFinishBody, bodyExample: { reason: 'driver phone dead' } },
      responses: { 200: ok('Finished', calls.rideFinishedResponse) },
      errors: { 404: ['CALL_NOT_FOUND'], 409: CALL_STATE },
    },
    {
      method: 'get',
      path: '/api/attention',
      tag: 'operators',
      security: 'bearer',
      summary: 'Rides and drivers that need an operator (operator)',
      description:
        '`STUCK_DISPATCHED`: dispatched without arrival or start for longer than STUCK_AFTER_MS. `LONG_RIDE`: driving for longer than twice its estimated duration plus STUCK_AFTER_MS. `DRIVER_BUSY_WITHOUT_RIDE`: a driver on a ride whose call is over. Oldest first.',
      request: { query: centre.attentionQuery },
      responses: { 200: { ...ok('A page of items', centre.attentionResponse), headers: staleHeader } },
    },
  );

/** The dispatch centre's routes and the ride steps around the pickup. */
export const centreRoutes = (api: ApiRegistry) => {
  pickupRoutes(api);
  operatorCommandRoutes(api);
};
