import { arriveAtPickup } from '../../../application/dispatch/arrive-at-pickup.js';
import type { PickupCheck } from '../../../application/dispatch/pickup.js';
import { releaseCall } from '../../../application/dispatch/release-call.js';
import type { RideDependencies } from '../../../application/ride-dependencies.js';
import { actingAs, actorOf } from '../authorization.js';
import { callerOf } from '../caller.js';
import { CALL_STATE, ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import * as calls from './calls.schemas.js';

/** The assigned driver's steps between the accept and the start: at the pickup, or giving the call back. */
export const pickupStepRoutes = new Routes<RideDependencies & { pickup: PickupCheck }>({ tag: 'calls' })
  .route({
    method: 'post',
    path: '/api/calls/:callId/arrive',
    summary: 'The assigned driver is at the pickup; the passenger is told',
    description: "Judged on the driver's last known position: farther than ARRIVE_WITHIN_M (default 200 m) from the pickup is 409 NOT_AT_PICKUP.",
    request: { params: calls.callParams, body: calls.driverBody },
    responses: { 200: ok('Arrived (a repeat answers the first arrival)', calls.arriveResponse) },
    errors: { 403: ['NOT_ASSIGNED_DRIVER'], 404: ['CALL_NOT_FOUND'], 409: [...CALL_STATE, 'NOT_AT_PICKUP'] },
    handle: async ({ params: { callId }, body }, deps, { req, res }) => {
      const driverId = actingAs(res, 'driver', body.driverId);
      const result = await arriveAtPickup(deps, { callId, driverId }, callerOf(req, actorOf(res)));
      return { callId, status: 'DISPATCHED', arrivedAt: result.arrivedAt, revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'post',
    path: '/api/calls/:callId/release',
    summary: 'The assigned driver gives the call back before the ride starts',
    description: 'The driver is free, the passenger is told, and the call is dispatched again — never offered to this driver again.',
    request: { params: calls.callParams, body: calls.releaseBody, bodyExample: { reason: 'flat tyre' } },
    responses: { 200: ok('Back to REQUESTED', calls.releaseResponse) },
    errors: { 403: ['NOT_ASSIGNED_DRIVER'], 404: ['CALL_NOT_FOUND'], 409: CALL_STATE },
    handle: async ({ params: { callId }, body }, deps, { req, res }) => {
      const driverId = actingAs(res, 'driver', body.driverId);
      const result = await releaseCall(deps, { callId, driverId, reason: body.reason }, callerOf(req, actorOf(res)));
      return { callId, status: 'REQUESTED', revision: result.revision, position: result.position };
    },
  });
