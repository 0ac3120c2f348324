import { z } from 'zod';
import * as calls from '../routes/calls.schemas.js';
import * as drivers from '../routes/drivers.schemas.js';
import * as misc from '../routes/misc.schemas.js';
import * as queries from '../routes/queries.schemas.js';
import * as sse from '../routes/sse.schemas.js';
import { coordinatesSchema } from '../validation.js';
import { ApiRegistry } from './registry.js';

const ok = (description: string, schema: z.ZodType, example?: unknown) => ({ description, schema, example });
const station = { lat: 37.5547, lng: 126.9707, address: 'Seoul Station' };
const gangnam = { lat: 37.4979, lng: 127.0276, address: 'Gangnam Station' };
const CALL_STATE = ['CALL_ALREADY_DISPATCHED', 'CALL_ALREADY_CANCELLED', 'CALL_CLOSED', 'CALL_EXPIRED', 'CALL_NOT_DISPATCHED', 'RIDE_ALREADY_STARTED', 'RIDE_NOT_STARTED', 'RIDE_ALREADY_FINISHED'];
const events = { description: 'A Server-Sent Events stream', contentType: 'text/event-stream' as const };

/** The ride's commands: request, dispatch, drive, pay. */
const rideCommands = (api: ApiRegistry) =>
  api.add(
    {
      method: 'post', path: '/api/calls', tag: 'calls', security: 'bearer', summary: 'Request a taxi',
      description: 'A passenger (for themselves) or an operator (naming passengerId). Accepted 24/7: it only appends an event.',
      request: { headers: calls.requestCallHeaders, body: calls.requestCallBody, bodyExample: { pickup: station, destination: gangnam, rideType: 'STANDARD' } },
      responses: {
        201: {
          ...ok('The call, REQUESTED (or its current status when the Idempotency-Key was seen)', calls.callRequestedResponse, { callId: 'c0ffee00-0000-4000-8000-000000000001', status: 'REQUESTED', revision: 0, position: 42 }),
          headers: { 'Idempotent-Replayed': '"true" when the Idempotency-Key named an existing call' },
        },
      },
      errors: { 409: ['CALL_ALREADY_EXISTS', 'PASSENGER_HAS_OPEN_CALL', 'RIDE_TYPE_UNAVAILABLE'] },
    },
    {
      method: 'post', path: '/api/calls/:callId/accept', tag: 'calls', security: 'bearer', summary: 'Accept a call (driver; first accept wins)',
      request: { params: calls.callParams, body: calls.driverBody },
      responses: { 200: ok('Dispatched to this driver', calls.callAcceptedResponse) },
      errors: { 404: ['CALL_NOT_FOUND', 'DRIVER_NOT_FOUND'], 409: [...CALL_STATE, 'DRIVER_BUSY', 'DRIVER_OFFLINE', 'RIDE_TYPE_MISMATCH', 'OFFER_PENDING'] },
    },
    {
      method: 'post', path: '/api/calls/:callId/decline', tag: 'calls', security: 'bearer', summary: 'Decline an offered call (driver)',
      request: { params: calls.callParams, body: calls.driverBody },
      responses: { 200: ok('The offer goes to the next driver', sse.offerDeclinedResponse) },
      errors: { 404: ['CALL_NOT_FOUND', 'OFFER_NOT_FOUND'], 409: CALL_STATE },
    },
    {
      method: 'post', path: '/api/calls/:callId/cancel', tag: 'calls', security: 'bearer', summary: 'Cancel a call (its passenger, or an operator) until the ride starts',
      request: { params: calls.callParams, body: calls.cancelBody },
      responses: { 200: ok('Cancelled; an assigned driver is freed', calls.callCancelledResponse) },
      errors: { 404: ['CALL_NOT_FOUND'], 409: CALL_STATE },
    },
    {
      method: 'post', path: '/api/calls/:callId/operator-cancel', tag: 'calls', security: 'bearer', summary: 'Force-cancel a ride at any point (operator); a paid ride is refunded',
      request: { params: calls.callParams, body: calls.cancelBody },
      responses: { 200: ok('Cancelled', calls.callCancelledResponse) },
      errors: { 404: ['CALL_NOT_FOUND'], 409: CALL_STATE },
    },
    {
      method: 'post', path: '/api/calls/:callId/start', tag: 'calls', security: 'bearer', summary: 'Start the ride (the assigned driver)',
      request: { params: calls.callParams, body: calls.driverBody },
      responses: { 200: ok('Driving', calls.rideStartedResponse) },
      errors: { 403: ['NOT_ASSIGNED_DRIVER'], 404: ['CALL_NOT_FOUND'], 409: CALL_STATE },
    },
    {
      method: 'post', path: '/api/calls/:callId/finish', tag: 'calls', security: 'bearer', summary: 'Finish the ride (the assigned driver): fare and payment',
      description: 'The payment is charged synchronously; an unavailable gateway leaves it PENDING ("pay later"), retried in the background.',
      request: { params: calls.callParams, body: calls.driverBody },
      responses: { 200: ok('Finished', calls.rideFinishedResponse, { callId: 'c1', status: 'FINISHED', fare: { amount: 12000, currency: 'KRW' }, payment: { paymentId: 'pay-c1', status: 'APPROVED' }, revision: 2, position: 57 }) },
      errors: { 403: ['NOT_ASSIGNED_DRIVER'], 404: ['CALL_NOT_FOUND'], 409: CALL_STATE },
    },
  );

/** The ride as passengers and operators read it. */
const rideQueries = (api: ApiRegistry) =>
  api.add(
    {
      method: 'get', path: '/api/calls/:callId', tag: 'queries', security: 'bearer', summary: 'The dashboard entry of a call (its passenger, an operator)',
      request: { params: queries.callIdParams, query: queries.readOptionsQuery },
      responses: { 200: { ...ok('The entry', queries.dashboardEntryResponse), headers: { 'X-Read-Model-Stale': '"true" when the read model had not caught up in time' } } },
      errors: { 404: ['CALL_NOT_FOUND'] },
    },
    {
      method: 'get', path: '/api/calls/:callId/events', tag: 'streams', security: 'bearer', summary: 'Live status of a call (Server-Sent Events)',
      description: 'One `event: status` per change of status or payment status; `id:` is the log position; reconnect with Last-Event-ID to resume.',
      request: { params: queries.callIdParams, query: sse.sseQuery },
      responses: { 200: events },
      events: { status: sse.callStatusEvent },
      errors: { 404: ['CALL_NOT_FOUND'] },
    },
    {
      method: 'get', path: '/api/passengers/:passengerId/calls', tag: 'queries', security: 'bearer', summary: "A passenger's dashboard entries, newest first",
      request: { params: queries.passengerParams, query: queries.readOptionsQuery },
      responses: { 200: ok('The entries', queries.dashboardEntriesResponse) },
    },
    {
      method: 'get', path: '/api/passengers/:passengerId/notifications', tag: 'queries', security: 'bearer', summary: "A passenger's notification history, newest first",
      request: { params: queries.passengerParams, query: queries.readOptionsQuery },
      responses: { 200: ok('The notifications', queries.notificationsResponse) },
    },
  );

/** Drivers and their views. */
const driverRoutes = (api: ApiRegistry) =>
  api.add(
    {
      method: 'post', path: '/api/drivers', tag: 'drivers', security: 'bearer', summary: 'Register a driver (an operator, or a driver for themselves)',
      request: { body: drivers.registerDriverBody, bodyExample: { name: 'Kim', vehicleNo: '12가3456' } },
      responses: { 201: ok('Registered', drivers.driverRegisteredResponse) },
      errors: { 409: ['DRIVER_ALREADY_REGISTERED'] },
    },
    {
      method: 'post', path: '/api/drivers/:driverId/online', tag: 'drivers', security: 'bearer', summary: 'Go online at a location',
      request: { params: drivers.driverParams, body: drivers.goOnlineBody, bodyExample: { location: { lat: 37.5547, lng: 126.9707 } } },
      responses: { 200: ok('Online', drivers.driverOnlineResponse) },
      errors: { 404: ['DRIVER_NOT_FOUND'] },
    },
    {
      method: 'post', path: '/api/drivers/:driverId/offline', tag: 'drivers', security: 'bearer', summary: 'Go offline',
      request: { params: drivers.driverParams },
      responses: { 200: ok('Offline', drivers.driverOfflineResponse) },
      errors: { 404: ['DRIVER_NOT_FOUND'], 409: ['DRIVER_BUSY'] },
    },
    {
      method: 'put', path: '/api/drivers/:driverId/location', tag: 'drivers', security: 'bearer', summary: 'Report where the driver is (frequent pings, not events)',
      request: { params: drivers.driverParams, body: coordinatesSchema },
      responses: { 200: ok('The saved position', drivers.driverPositionResponse) },
      errors: { 404: ['DRIVER_NOT_FOUND'], 409: ['DRIVER_OFFLINE'] },
    },
    {
      method: 'get', path: '/api/drivers/:driverId/calls', tag: 'queries', security: 'bearer', summary: 'Open calls for a driver, nearest first',
      request: { params: queries.driverIdParams, query: queries.readOptionsQuery },
      responses: { 200: ok('The call list', queries.callListResponse) },
      errors: { 404: ['DRIVER_NOT_FOUND'] },
    },
    {
      method: 'get', path: '/api/drivers/:driverId/offers', tag: 'streams', security: 'bearer', summary: 'Offers made to a driver (Server-Sent Events)',
      request: { params: queries.driverIdParams, query: sse.sseQuery },
      responses: { 200: events },
      events: { offer: sse.offerEvent, 'offer-closed': sse.offerClosedEvent },
      errors: { 404: ['DRIVER_NOT_FOUND'] },
    },
  );

/** Tariffs, and the routes outside /api. */
const operationRoutes = (api: ApiRegistry) =>
  api.add(
    { method: 'get', path: '/api/tariffs', tag: 'tariffs', security: 'bearer', summary: 'The tariff of every ride type', responses: { 200: ok('Tariffs', misc.tariffsResponse) } },
    {
      method: 'put', path: '/api/tariffs/:rideType', tag: 'tariffs', security: 'bearer', summary: 'Set the tariff of a ride type (operator)',
      request: { params: misc.tariffParams, body: misc.tariffBody, bodyExample: { currency: 'KRW', amountPerStartedMinute: 1000, minimumMinutes: 1 } },
      responses: { 200: ok('The tariff in force', misc.tariffSetResponse) },
    },
    { method: 'get', path: '/health/live', tag: 'operations', security: 'public', summary: 'Liveness', responses: { 200: ok('The process answers', misc.liveResponse) } },
    {
      method: 'get', path: '/health/ready', tag: 'operations', security: 'public', summary: 'Readiness: every store answers and no shutdown is under way',
      responses: { 200: ok('Ready', misc.readyResponse), 503: ok('Not ready, or shutting down', misc.readyResponse) },
    },
    { method: 'get', path: '/metrics', tag: 'operations', security: 'public', summary: 'Prometheus metrics', responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain', schema: z.string() } } },
    { method: 'get', path: '/openapi.json', tag: 'operations', security: 'public', summary: 'This document', responses: { 200: ok('OpenAPI 3.1', z.record(z.string(), z.unknown())) } },
    { method: 'get', path: '/docs', tag: 'operations', security: 'public', summary: 'Interactive API documentation', responses: { 200: { description: 'An HTML page', contentType: 'text/html', schema: z.string() } } },
  );

/** Development only (AUTH_MODE=dev): not served, so not documented, in production. */
export const devTokenRoute = (api: ApiRegistry) =>
  api.add({
    method: 'post', path: '/api/dev/tokens', tag: 'development', security: 'public', summary: 'Mint a token for any role (AUTH_MODE=dev only)',
    request: { body: misc.devTokenBody, bodyExample: { role: 'passenger', subject: 'alice' } },
    responses: { 201: ok('A bearer token', misc.devTokenResponse) },
  });

/** Every route the API serves; `devTokens` when the development token endpoint is on. */
export const describeApi = (options: { devTokens: boolean }) => {
  const api = new ApiRegistry();
  rideCommands(api);
  rideQueries(api);
  driverRoutes(api);
  operationRoutes(api);
  if (options.devTokens) devTokenRoute(api);
  return api;
};
