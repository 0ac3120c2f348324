import type { Container } from 'inversify';
import type { Config } from '../config/config.js';
import { type RunningServer, startHttpServer } from '../server.js';
import { TOKENS } from '../tokens.js';
import { resolve, resolveAll } from '../composition/binding.js';

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
  const config = resolve(container, TOKENS.Config);
  const lifecycle = resolve(container, TOKENS.Lifecycle);
  const logger = resolve(container, TOKENS.Logger);
  for (const group of RUNS[config.ROLE]) {
    for (const worker of resolveAll(container, TOKENS.RunsIn[group])) {
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
    verifier: resolve(container, TOKENS.TokenVerifier),
    streamTickets: resolve(container, TOKENS.StreamTickets),
    metrics: resolve(container, TOKENS.Metrics),
    readiness: resolve(container, TOKENS.ReadinessChecks),
    apiRouters: serveApi ? resolveAll(container, TOKENS.ApiRouters) : [],
    publicRouters: serveApi ? resolve(container, TOKENS.PublicRouters) : [],
    ...(serveApi ? { channel: resolve(container, TOKENS.DriverChannel) } : {}),
  });
};
