import express, { type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { TokenVerifier } from '../auth/token-verifier.js';
import { httpMetrics, metricsRoute } from '../metrics/http-metrics.js';
import type { Metrics } from '../metrics/metrics.js';
import { perIpLimit, perSubjectLimit, type RateLimits } from './abuse-limits.js';
import { authenticate } from './authorization.js';
import { errorHandler, notFoundRoute } from './errors.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';

export type HttpAppOptions = {
  logger: Logger;
  /** Routers mounted under /api, in order; they see only authenticated callers. */
  apiRouters: Router[];
  /** Routers under /api that need no token (the development token endpoint). */
  publicRouters?: Router[];
  verifier: TokenVerifier;
  metrics: Metrics;
  rateLimits: RateLimits;
  readiness: ReadinessCheck[];
  isShuttingDown: () => boolean;
  bodyLimit?: string;
  /** The web console at / (its settings, its files, the page for any other GET path). */
  consoleRouter?: Router;
};

/** The single HTTP entry point: commands and queries under /api, probes under /health. */
export const createHttpApp = (options: HttpAppOptions) => {
  const { logger, apiRouters, publicRouters = [], readiness, isShuttingDown, bodyLimit = '16kb' } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(httpMetrics(options.metrics));
  // While shutting down, every answer closes its connection, so no client reuses a kept-alive
  // socket that the server is about to close (the race that shows up as a connection reset).
  app.use((_req, res, next) => {
    if (isShuttingDown()) res.set('Connection', 'close');
    next();
  });
  app.use(helmet());
  app.use(healthRoutes(readiness, isShuttingDown));
  app.use(metricsRoute(options.metrics));
  // Express 5 refuses an empty middleware list: a limit set to 0 simply adds nothing.
  for (const limit of perIpLimit(options.rateLimits)) app.use('/api', limit);
  app.use(express.json({ limit: bodyLimit, strict: true, type: ['application/json', 'application/*+json'] }));
  for (const router of publicRouters) app.use('/api', router);
  if (apiRouters.length > 0) app.use('/api', authenticate(options.verifier), perSubjectLimit(options.rateLimits), ...apiRouters);
  if (options.consoleRouter) app.use(options.consoleRouter);
  app.use(notFoundRoute);
  app.use(errorHandler(logger));
  return app;
};
