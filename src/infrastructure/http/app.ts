import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { errorHandler, notFoundRoute } from './errors.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';

export type HttpAppOptions = {
  logger: Logger;
  /** Routers mounted under /api, in order. */
  apiRouters: Router[];
  readiness: ReadinessCheck[];
  isShuttingDown: () => boolean;
  bodyLimit?: string;
};

/** The single HTTP entry point: commands and queries under /api, probes under /health. */
export const createHttpApp = ({ logger, apiRouters, readiness, isShuttingDown, bodyLimit = '16kb' }: HttpAppOptions) => {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(healthRoutes(readiness, isShuttingDown));
  app.use(express.json({ limit: bodyLimit, strict: true, type: ['application/json', 'application/*+json'] }));
  for (const router of apiRouters) app.use('/api', router);
  app.use(notFoundRoute);
  app.use(errorHandler(logger));
  return app;
};
