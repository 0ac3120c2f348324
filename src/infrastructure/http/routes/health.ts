import { Router } from 'express';

export type ReadinessCheck = { name: string; check: () => Promise<boolean> };

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
    const results = await Promise.all(
      checks.map(async ({ name, check }) => [name, await check().catch(() => false)] as const),
    );
    const ready = results.every(([, ok]) => ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks: Object.fromEntries(results) });
  });
  return router;
};
