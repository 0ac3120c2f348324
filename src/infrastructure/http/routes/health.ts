import { ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import { readinessResponse } from './health.schemas.js';
import { liveResponse } from './misc.schemas.js';

/** `details`: what an operator needs to see why a check fails (shown under `details.<name>`). */
export type ReadinessCheck = { name: string; check: () => Promise<boolean>; details?: () => object };

type Probes = { checks: ReadinessCheck[]; isShuttingDown: () => boolean };

/**
 * Live: the process answers. Ready: every store it needs answers, and it is not shutting down —
 * a load balancer stops sending traffic before the server closes (zero-downtime rolling update).
 */
export const probeRoutes = new Routes<Probes>({ base: '/', tag: 'operations' })
  .route({
    method: 'get',
    path: '/health/live',
    summary: 'Liveness',
    responses: { 200: ok('The process answers', liveResponse) },
    handle: () => ({ status: 'live' }),
  })
  .route({
    method: 'get',
    path: '/health/ready',
    summary: 'Readiness: every store answers and no shutdown is under way',
    responses: {
      200: ok('Ready', readinessResponse),
      503: ok('Not ready (a check failed, see `details`), or shutting down', readinessResponse),
    },
    handle: async (_input, { checks, isShuttingDown }, { res }) => {
      if (isShuttingDown()) {
        res.status(503).json({ status: 'shutting-down' });
        return;
      }
      const results = await Promise.all(checks.map(async ({ name, check }) => [name, await check().catch(() => false)] as const));
      const ready = results.every(([, passed]) => passed);
      const details = Object.fromEntries(checks.flatMap(({ name, details: of }) => (of ? [[name, of()]] : [])));
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks: Object.fromEntries(results), details });
    },
  });

export const healthRoutes = (checks: ReadinessCheck[], isShuttingDown: () => boolean) => probeRoutes.router({ checks, isShuttingDown });
