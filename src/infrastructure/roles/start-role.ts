import type { Container } from 'inversify';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Lifecycle } from '../lifecycle.js';
import { type RunningServer, startHttpServer } from '../server.js';
import { TOKENS } from '../tokens.js';
import type { BackgroundWorker } from './background-worker.js';

const startWorkers = (container: Container, token: symbol, lifecycle: Lifecycle, logger: Logger) => {
  const workers = container.get<BackgroundWorker[]>(token);
  for (const worker of workers) {
    worker.start();
    lifecycle.onStop(worker.name, () => worker.stop());
    logger.info({ worker: worker.name }, 'worker started');
  }
};

/**
 * One codebase, four roles. `api` serves commands and queries; `projector` maintains the read
 * models; `workers` run the process managers, payment retries and notifications; `all` is the
 * embedded default in one process. Every role serves /health and /metrics; only api and all
 * serve /api. Workers start before HTTP so readiness is only reported once they run, and stop
 * after HTTP so in-flight requests still see them.
 */
export const startRole = async (container: Container): Promise<RunningServer> => {
  const config = container.get<Config>(TOKENS.Config);
  const lifecycle = container.get<Lifecycle>(TOKENS.Lifecycle);
  const logger = container.get<Logger>(TOKENS.Logger);
  const role = config.ROLE;
  if (role === 'projector' || role === 'all') startWorkers(container, TOKENS.ProjectorWorkers, lifecycle, logger);
  if (role === 'workers' || role === 'all') startWorkers(container, TOKENS.SagaWorkers, lifecycle, logger);
  const serveApi = role === 'api' || role === 'all';
  if (serveApi) startWorkers(container, TOKENS.ApiFollowers, lifecycle, logger);
  return serveApi
    ? startHttpServer(container, container.get<Router[]>(TOKENS.ApiRouters), container.get<Router[]>(TOKENS.PublicRouters))
    : startHttpServer(container, []);
};
