import { z } from 'zod';
import * as channel from '../channel/channel.schemas.js';
import * as accept from '../routes/accept.schemas.js';
import * as calls from '../routes/calls.schemas.js';
import * as driverCalls from '../routes/driver-calls.schemas.js';
import * as drivers from '../routes/drivers.schemas.js';
import * as fares from '../routes/fares.schemas.js';
import * as health from '../routes/health.schemas.js';
import * as misc from '../routes/misc.schemas.js';
import * as sse from '../routes/sse.schemas.js';
import * as views from '../routes/views.schemas.js';
import { consoleConfigResponseSchema } from '../routes/console.js';
import { coordinatesSchema } from '../validation.js';
import { streamTicketRoute } from './stream-routes.js';
import { CALL_STATE, events, gangnam, ok, staleHeader, station } from './doc-helpers.js';
import { centreRoutes } from '../routes/centre.js';
import { pickupSteps } from '../routes/pickup-steps.js';
import { tariffs } from '../routes/tariffs.js';
import { settlementRoutes } from '../routes/settlement.js';
import { operatorViews } from '../routes/operator-views.js';
import { paymentDesk } from '../routes/payments.js';
import { deadLetterDesk } from '../routes/dead-letters.js';
import { driverViews } from '../routes/driver-views.js';
import { personalDataRoutes, preferencesRoutes } from '../routes/personal-data.js';
import { ApiRegistry } from './registry.js';
import { rideCommands } from '../routes/ride-commands.js';
import { rideQueries } from '../routes/ride-queries.js';
import { driverWork } from '../routes/driver-work.js';
import { driverCommands, driverLocation } from '../routes/drivers.js';
import { driverMessages } from '../channel/driver-messages.js';

/** The ride's commands: request, dispatch, drive, pay. */
const rideCommandRoutes = (api: ApiRegistry) => api.add(...rideCommands.declarations);

/** The ride as passengers and operators read it. */
const rideQueryRoutes = (api: ApiRegistry) => api.add(...rideQueries.declarations);

/** What a driver does: register, go online or offline, report where it is; and what an operator tells it. */
const driverCommandRoutes = (api: ApiRegistry) =>
  api.add(...driverCommands.declarations, ...driverMessages.declarations, ...driverLocation.declarations);

/** Where a driver finds work: the open calls nearby, and the offers made to it. */
const driverWorkRoutes = (api: ApiRegistry) => api.add(...driverWork.declarations);

/** Drivers and their views. */
const driverRoutes = (api: ApiRegistry) => {
  driverCommandRoutes(api);
  driverWorkRoutes(api);
};

/** What the platform polls: liveness, readiness, metrics. */
const probeRoutes = (api: ApiRegistry) =>
  api.add(
    {
      method: 'get',
      path: '/health/live',
      tag: 'operations',
      security: 'public',
      summary: 'Liveness',
      responses: { 200: ok('The process answers', misc.liveResponse) },
    },
    {
      method: 'get',
      path: '/health/ready',
      tag: 'operations',
      security: 'public',
      summary: 'Readiness: every store answers and no shutdown is under way',
      responses: {
        200: ok('Ready', health.readinessResponse),
        503: ok('Not ready (a check failed, see `details`), or shutting down', health.readinessResponse),
      },
    },
    {
      method: 'get',
      path: '/metrics',
      tag: 'operations',
      security: 'public',
      summary: 'Prometheus metrics',
      responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain', schema: z.string() } },
    },
  );

/** What people read: this document, the web console and its settings, the interactive docs. */
const documentAndConsoleRoutes = (api: ApiRegistry) =>
  api.add(
    {
      method: 'get',
      path: '/openapi.json',
      tag: 'operations',
      security: 'public',
      summary: 'This document',
      responses: { 200: ok('OpenAPI 3.1', z.record(z.string(), z.unknown())) },
    },
    {
      method: 'get',
      path: '/asyncapi.json',
      tag: 'operations',
      security: 'public',
      summary: "The drivers' WebSocket channel (GET /api/drivers/{driverId}/channel): its messages, as AsyncAPI 3.0",
      responses: { 200: ok('AsyncAPI 3.0', z.record(z.string(), z.unknown())) },
    },
    {
      method: 'get',
      path: '/console-config.json',
      tag: 'console',
      security: 'public',
      summary: "The web console's public settings (never a secret)",
      responses: {
        200: {
          ...ok('How the console signs in, its map tiles and the service time zone', consoleConfigResponseSchema, {
            authMode: 'dev',
            oidc: null,
            mapTilesUrl: null,
            serviceTimeZone: 'Asia/Seoul',
          }),
          headers: { 'Cache-Control': 'no-store' },
        },
      },
    },
    /*
     * GET / is in the contract (the console's entry), so it is documented. Not documented, on
     * purpose: the console's built files (express.static) and the rest of its catch-all, which
     * answers any other GET outside /api, /health and /metrics with the same index.html (pages the
     * browser routes, /driver/…). They are a static web app, not API operations: no JSON, no fixed
     * path (OpenAPI cannot say "any path"), nothing a client calls. Both are mounted with
     * router.use, so the route table the coverage test reads does not list them (see that test).
     */
    {
      method: 'get',
      path: '/',
      tag: 'console',
      security: 'public',
      summary: 'The web console (passenger, driver, operator)',
      description: 'Any other GET outside /api, /health and /metrics answers the same page.',
      responses: {
        200: { description: "The console's index.html", contentType: 'text/html', schema: z.string() },
        503: { description: 'The console is not built (npm run build:web)', contentType: 'text/plain', schema: z.string() },
      },
    },
    {
      method: 'get',
      path: '/docs',
      tag: 'operations',
      security: 'public',
      summary: 'Interactive API documentation',
      responses: { 200: { description: 'An HTML page', contentType: 'text/html', schema: z.string() } },
    },
  );

/** The routes outside /api. */
const operationRoutes = (api: ApiRegistry) => {
  probeRoutes(api);
  documentAndConsoleRoutes(api);
};

/** Development only (AUTH_MODE=dev): not served, so not documented, in production. */
export const devTokenRoute = (api: ApiRegistry) =>
  api.add({
    method: 'post',
    path: '/api/dev/tokens',
    tag: 'development',
    security: 'public',
    summary: 'Mint a token for any role (AUTH_MODE=dev only)',
    request: { body: misc.devTokenBody, bodyExample: { role: 'passenger', subject: 'alice' } },
    responses: { 201: ok('A bearer token', misc.devTokenResponse) },
  });

/** Every route the API serves; `devTokens` when the development token endpoint is on. */
export const describeApi = (options: { devTokens: boolean }) => {
  const api = new ApiRegistry();
  rideCommandRoutes(api);
  rideQueryRoutes(api);
  driverRoutes(api);
  api.add(...tariffs.declarations, ...settlementRoutes.declarations);
  api.add(...operatorViews.declarations, ...paymentDesk.declarations, ...deadLetterDesk.declarations);
  api.add(...pickupSteps.declarations, ...centreRoutes.declarations);
  api.add(...driverViews.declarations, ...personalDataRoutes.declarations, ...preferencesRoutes.declarations);
  operationRoutes(api);
  streamTicketRoute(api);
  if (options.devTokens) devTokenRoute(api);
  return api;
};
