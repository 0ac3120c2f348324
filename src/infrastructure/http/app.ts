import express, { type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { StreamTickets } from '../auth/stream-tickets.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import { httpMetrics, metricsRoute } from '../metrics/http-metrics.js';
import type { Metrics } from '../metrics/metrics.js';
import { perIpLimit, perSubjectLimit, type RateLimits } from './abuse-limits.js';
import { oneApiRouter } from './api-routers.js';
import { authenticate } from './authorization.js';
import { refuseDeclaredLengthAbove } from './declared-length.js';
import { jsonBody } from './json-body.js';
import { errorHandler, notFoundRoute } from './errors.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { corsFor, methodNotAllowed, noStore, requireJsonBody, requirePlainQuery } from './hygiene.js';
import { asyncApiRoutes } from './channel/asyncapi.js';
import { describeApi } from './openapi/api.js';
import { type OpenApiDocument, openApiDocument } from './openapi/document.js';
import { docsRoutes } from './openapi/docs-routes.js';
import { buildVersion } from '../build-info.js';
import { requestContext } from './request-context.js';
import { chain } from './middleware-chain.js';

/**
 * While shutting down, every answer closes its connection, so no client reuses a kept-alive
 * socket that the server is about to close (the race that shows up as a connection reset).
 */
const closingWhen =
  (isShuttingDown: () => boolean): RequestHandler =>
  (_req, res, next) => {
    if (isShuttingDown()) res.set('Connection', 'close');
    next();
  };

export type HttpAppOptions = {
  logger: Logger;
  /** Routers mounted under /api, in order; they see only authenticated callers. */
  apiRouters: Router[];
  /** Routers under /api that need no token (the development token endpoint). */
  publicRouters?: Router[];
  verifier: TokenVerifier;
  /** Single-use credentials a browser's EventSource puts in the URL instead of its bearer token. */
  streamTickets?: StreamTickets;
  metrics: Metrics;
  rateLimits: RateLimits;
  readiness: ReadinessCheck[];
  isShuttingDown: () => boolean;
  bodyLimit?: string;
  /** express `trust proxy`: which peers' X-Forwarded-For names the client (TRUST_PROXY). */
  trustProxy?: false | number | string[];
  /** Origins allowed by CORS (`*` = any); empty: same origin only. */
  corsOrigins?: readonly string[];
  /** The spec served at /openapi.json; by default, every route of a dev-token app. */
  openApi?: OpenApiDocument;
  /** `false`: /metrics is served elsewhere (METRICS_PORT); with a `token`: only to that bearer token (METRICS_TOKEN). */
  metricsAccess?: { token?: string } | false;
  /** The web console at / (its settings, its files, the page for any other GET path). */
  consoleRouter?: Router;
};

/** The single HTTP entry point: commands and queries under /api, probes under /health. */
export const createHttpApp = (options: HttpAppOptions) => {
  const { logger, apiRouters, publicRouters = [], readiness, isShuttingDown, bodyLimit = '16kb' } = options;
  const app = express();
  app.disable('x-powered-by');
  // No client of this API sends a conditional request (If-None-Match): a SHA-1 of every answer's
  // body for an ETag nobody reads was 1 % of a command's CPU in a profile. Every API answer is
  // `no-store` anyway; the console's files keep theirs (express.static makes its own).
  app.set('etag', false);
  app.set('trust proxy', options.trustProxy ?? false);
  // Every request: its id and access line, CORS, metrics, closing while shutting down, helmet.
  app.use(
    chain([requestContext(logger), ...corsFor(options.corsOrigins ?? []), httpMetrics(options.metrics), closingWhen(isShuttingDown), helmet()]),
  );
  // Under /api, in this order: the per-IP limit (before anything costs), the body's declared size
  // and type, the query's shape, the body, the public routes, then the token, the per-subject
  // limit and the API's routes. A limit of 0 simply adds nothing.
  const apiPublic = [oneApiRouter(publicRouters)];
  const apiSignedIn =
    apiRouters.length > 0
      ? [authenticate(options.verifier, options.streamTickets), ...perSubjectLimit(options.rateLimits), oneApiRouter(apiRouters)]
      : [];
  const declaredLength = refuseDeclaredLengthAbove(bodyLimit);
  const body = jsonBody(bodyLimit);
  app.use(
    '/api',
    chain([...perIpLimit(options.rateLimits), declaredLength, requireJsonBody, requirePlainQuery, noStore, body, ...apiPublic, ...apiSignedIn]),
  );
  // The rest (probes, descriptions, the console, and an /api path nothing served) reads its body here.
  app.use(chain([declaredLength, body]));
  // Probes, metrics and the API's descriptions come after the API: none of their paths is under
  // /api, and a command then does not walk their routes (the docs alone mount one per asset file).
  app.use(healthRoutes(readiness, isShuttingDown));
  if (options.metricsAccess !== false) app.use(metricsRoute(options.metrics, options.metricsAccess?.token));
  // Only a process that serves the API describes it (the projector and workers serve probes only).
  if (apiRouters.length > 0) {
    app.use(docsRoutes(options.openApi ?? openApiDocument(describeApi({ devTokens: publicRouters.length > 0 }), buildVersion())));
    app.use(asyncApiRoutes());
  }
  if (options.consoleRouter) app.use(options.consoleRouter);
  app.use(methodNotAllowed(app));
  app.use(notFoundRoute);
  app.use(errorHandler(logger));
  return app;
};
