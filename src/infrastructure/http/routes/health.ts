import { Router } from 'express';

/** `details`: what an operator needs to see why a check fails (shown under `details.<name>`). */
export type ReadinessCheck = { name: string; check: () => Promise<boolean>; details?: () => object };

/**
 * Live: the process answers. Ready: every store it needs answers, and it is not shutting down —
 * a load balancer stops sending traffic before the server closes (zero-downtime rolling update).
 */
export const healthRoutes = (checks: ReadinessCheck[], isShuttingDown: () => boolean) => {
  const router = Router();
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'live' });
  });
  router.get('/health/ready', async (_req, res) => {
    if (isShuttingDown()) {
      res.status(503).json({ status: 'shutting-down' });
      return;
    }
    const results = await Promise.all(checks.map(async ({ name, check }) => [name, await check().catch(() => false)] as const));
    const ready = results.every(([, ok]) => ok);
    const details = Object.fromEntries(checks.flatMap(({ name, details: of }) => (of ? [[name, of()]] : [])));
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks: Object.fromEntries(results), details });
  });
  return router;
};
