import { type RequestCallOptions, requestCall } from '../../../application/call/request-call.js';
import { loadCall } from '../../../application/call/load-call.js';
import { acceptCall } from '../../../application/dispatch/accept-call.js';
import { cancelCall } from '../../../application/dispatch/cancel-call.js';
import { declineOffer } from '../../../application/dispatch/decline-offer.js';
import type { PickupCheck } from '../../../application/dispatch/pickup.js';
import { finishRide, type MeterDependencies, type SettlePayment } from '../../../application/driving/finish-ride.js';
import { startRide } from '../../../application/driving/start-ride.js';
import type { RideDependencies } from '../../../application/ride-dependencies.js';
import type { CallState } from '../../../domain/call/call.js';
import { actingAs, actorOf } from '../authorization.js';
import { callerOf } from '../caller.js';
import { acceptedLocale } from '../locale.js';
import { CALL_STATE, gangnam, ok, station } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import * as accept from './accept.schemas.js';
import * as calls from './calls.schemas.js';
import { requestCallResponseSchema } from './fares.schemas.js';
import { offerDeclinedResponse } from './sse.schemas.js';

export type RideCommandDependencies = RideDependencies & {
  settlePayment: SettlePayment;
  meter?: MeterDependencies;
  requestOptions?: RequestCallOptions;
  pickup: PickupCheck;
};

/** The contract's status for the Call aggregate's own view of itself. */
const statusOfCall = (state: CallState) =>
  ({
    none: 'REQUESTED',
    requested: 'REQUESTED',
    dispatched: 'DISPATCHED',
    completed: 'FINISHED',
    cancelled: 'CANCELLED',
    expired: 'NO_DRIVER_FOUND',
  })[state.status];

/** The ride's commands: request, the driver's answer (accept, decline), cancel, start, finish. */
export const rideCommandRoutes = new Routes<RideCommandDependencies>({ tag: 'calls' })
  .route({
    method: 'post',
    path: '/api/calls',
    summary: 'Request a taxi',
    description: 'A passenger (for themselves) or an operator (naming passengerId). Accepted 24/7: it only appends an event.',
    request: {
      headers: calls.requestCallHeaders,
      body: calls.requestCallBody,
      bodyExample: { pickup: station, destination: gangnam, rideType: 'STANDARD' },
    },
    responses: {
      201: {
        ...ok(
          'The call, REQUESTED (or its current status when the Idempotency-Key was seen), with the fare estimate quoted from the tariff fixed at request',
          requestCallResponseSchema,
          { callId: 'c0ffee00-0000-4000-8000-000000000001', status: 'REQUESTED', estimate: null, revision: 0, position: 42 },
        ),
        headers: { 'Idempotent-Replayed': '"true" when the Idempotency-Key named an existing call' },
      },
    },
    errors: { 409: ['CALL_ALREADY_EXISTS', 'PASSENGER_HAS_OPEN_CALL', 'RIDE_TYPE_UNAVAILABLE', 'UNPAID_RIDE', 'PERSON_ERASED'] },
    handle: async ({ headers, body }, deps, { req, res }) => {
      const passengerId = actingAs(res, 'passenger', body.passengerId, true);
      const idempotencyKey = headers['Idempotency-Key'];
      const caller = callerOf(req, actorOf(res));
      const command = { ...body, passengerId, idempotencyKey, acceptedLocale: acceptedLocale(req) };
      const result = await requestCall(deps.commands, deps.clock, command, caller, deps.requestOptions);
      const requested = result.events.find((event) => event.type === 'CallRequested');
      const call = requested ? null : await loadCall(deps.commands, result.callId);
      const status = call ? statusOfCall(call) : 'REQUESTED';
      const estimate = (requested?.data ?? call?.request)?.quote?.estimate ?? null;
      if (result.replayed) res.set('Idempotent-Replayed', 'true');
      return { callId: result.callId, status, estimate, revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'post',
    path: '/api/calls/:callId/accept',
    summary: 'Accept a call (driver; first accept wins)',
    description: "A refusal decided from the call's state or the driver's ride types (409 RIDE_TYPE_MISMATCH) appends nothing.",
    request: { params: accept.acceptCallParams, body: accept.acceptCallBody },
    responses: { 200: ok('Dispatched to this driver', accept.acceptCallResponse) },
    errors: { 404: ['CALL_NOT_FOUND', 'DRIVER_NOT_FOUND'], 409: [...CALL_STATE, ...accept.ACCEPT_CONFLICT_CODES, 'OFFER_PENDING'] },
    handle: async ({ params: { callId }, body }, deps, { req, res }) => {
      const driverId = actingAs(res, 'driver', body.driverId);
      const result = await acceptCall(deps, { callId, driverId }, callerOf(req, actorOf(res)));
      return { callId, status: 'DISPATCHED', driverId, revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'post',
    path: '/api/calls/:callId/decline',
    summary: 'Decline an offered call (driver)',
    request: { params: calls.callParams, body: calls.driverBody },
    responses: { 200: ok('The offer goes to the next driver', offerDeclinedResponse) },
    errors: { 404: ['CALL_NOT_FOUND', 'OFFER_NOT_FOUND'], 409: CALL_STATE },
    handle: async ({ params: { callId }, body }, deps, { req, res }) => {
      const driverId = actingAs(res, 'driver', body.driverId);
      const result = await declineOffer(deps, { callId, driverId }, callerOf(req, actorOf(res)));
      return { callId, driverId, status: 'DECLINED', revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'post',
    path: '/api/calls/:callId/cancel',
    summary: 'Cancel a call (its passenger, or an operator) until the ride starts',
    roles: ['passenger', 'operator'],
    request: { params: calls.callParams, body: calls.cancelBody },
    responses: { 200: ok('Cancelled; an assigned driver is freed', calls.callCancelledResponse) },
    errors: { 404: ['CALL_NOT_FOUND'], 409: CALL_STATE },
    handle: async ({ params: { callId }, body: { reason } }, deps, { req, res }) => {
      const actor = actorOf(res);
      const cancelledBy = actor.role === 'operator' ? 'operator' : 'passenger';
      const result = await cancelCall(deps, { callId, reason: reason ?? null, cancelledBy }, callerOf(req, actor));
      return { callId, status: 'CANCELLED', revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'post',
    path: '/api/calls/:callId/operator-cancel',
    summary: 'Force-cancel a ride at any point (operator); a paid ride is refunded',
    roles: ['operator'],
    request: { params: calls.callParams, body: calls.cancelBody },
    responses: { 200: ok('Cancelled', calls.callCancelledResponse) },
    errors: { 404: ['CALL_NOT_FOUND'], 409: CALL_STATE },
    // The customer centre may cancel at any point; a paid ride is then refunded by the payment worker.
    handle: async ({ params: { callId }, body: { reason } }, deps, { req, res }) => {
      const result = await cancelCall(deps, { callId, reason: reason ?? null, cancelledBy: 'operator' }, callerOf(req, actorOf(res)));
      return { callId, status: 'CANCELLED', revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'post',
    path: '/api/calls/:callId/start',
    summary: 'Start the ride (the assigned driver)',
    request: { params: calls.callParams, body: calls.driverBody },
    responses: { 200: ok('Driving', calls.rideStartedResponse) },
    errors: { 403: ['NOT_ASSIGNED_DRIVER'], 404: ['CALL_NOT_FOUND'], 409: CALL_STATE },
    handle: async ({ params: { callId }, body }, deps, { req, res }) => {
      const driverId = actingAs(res, 'driver', body.driverId);
      const result = await startRide(deps, { callId, driverId }, callerOf(req, actorOf(res)));
      return { callId, status: 'DRIVING', revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'post',
    path: '/api/calls/:callId/finish',
    summary: 'Finish the ride (the assigned driver): fare and payment',
    description: 'The payment is charged synchronously; an unavailable gateway leaves it PENDING ("pay later"), retried in the background.',
    request: { params: calls.callParams, body: calls.driverBody },
    responses: {
      200: ok('Finished', calls.rideFinishedResponse, {
        callId: 'c1',
        status: 'FINISHED',
        fare: { amount: 12000, currency: 'KRW' },
        payment: { paymentId: 'pay-c1', status: 'APPROVED' },
        revision: 2,
        position: 57,
      }),
    },
    errors: { 403: ['NOT_ASSIGNED_DRIVER'], 404: ['CALL_NOT_FOUND'], 409: CALL_STATE },
    handle: async ({ params: { callId }, body }, deps, { req, res }) => {
      const driverId = actingAs(res, 'driver', body.driverId);
      const result = await finishRide(deps, { callId, driverId }, callerOf(req, actorOf(res)));
      return { callId, status: 'FINISHED', fare: result.fare, payment: result.payment, revision: result.revision, position: result.position };
    },
  });
