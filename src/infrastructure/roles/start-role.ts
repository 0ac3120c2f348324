import type { Container } from 'inversify';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { Config } from '../config/config.js';
import type { DriverChannel } from '../http/channel/driver-channel.js';
import type { ReadinessCheck } from '../http/routes/health.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Metrics } from '../metrics/metrics.js';
import { type RunningServer, startHttpServer } from '../server.js';
import { TOKENS } from '../tokens.js';
import type { BackgroundWorker } from './background-worker.js';

type Role = Config['ROLE'];

/** The followers each role runs, in the order they start: read models first in `all`, so the workers' effects are seen. */
const RUNS: Record<Role, ReadonlyArray<keyof typeof TOKENS.RunsIn>> = {
  api: ['api'],
  projector: ['projector'],
  workers: ['workers'],
  all: ['projector', 'workers', 'api'],
};

/**
 * One codebase, four roles. `api` serves commands and queries; `projector` maintains the read
 * models; `workers` run the process managers, payment retries and notifications; `all` is the
 * embedded default in one process. Every role serves /health and /metrics; only api and all
 * serve /api. Followers start before HTTP so readiness is only reported once they run, and stop
 * after HTTP so in-flight requests still see them. This and main are where the container is resolved.
 */
export const startRole = async (container: Container): Promise<RunningServer> => {
  const config = container.get<Config>(TOKENS.Config);
  const lifecycle = container.get<Lifecycle>(TOKENS.Lifecycle);
  const logger = container.get<Logger>(TOKENS.Logger);
  for (const group of RUNS[config.ROLE]) {
    for (const worker of container.getAll<BackgroundWorker>(TOKENS.RunsIn[group])) {
      worker.start();
      lifecycle.onStop(worker.name, () => worker.stop());
      logger.info({ worker: worker.name }, 'worker started');
    }
  }
  const serveApi = config.ROLE === 'api' || config.ROLE === 'all';
  return startHttpServer({
    config,
    logger,
    lifecycle,
    verifier: container.get<TokenVerifier>(TOKENS.TokenVerifier),
    metrics: container.get<Metrics>(TOKENS.Metrics),
    readiness: container.get<ReadinessCheck[]>(TOKENS.ReadinessChecks),
    apiRouters: serveApi ? container.getAll<Router>(TOKENS.ApiRouters) : [],
    publicRouters: serveApi ? container.get<Router[]>(TOKENS.PublicRouters) : [],
    ...(serveApi ? { channel: container.get<DriverChannel>(TOKENS.DriverChannel) } : {}),
  });
};
