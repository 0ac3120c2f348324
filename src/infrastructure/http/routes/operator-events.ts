import { Router } from 'express';
import type { Logger } from 'pino';
import type { DriverPositions } from '../../../application/ports/driver-positions.js';
import { requireRole } from '../authorization.js';
import type { LogTail } from '../sse/log-tail.js';
import { OPERATOR_TOPICS, OperatorFeed } from '../sse/operator-feed.js';
import { type SseOptions, openSse } from '../sse/sse.js';

export type OperatorEventRouteDependencies = {
  tail: LogTail;
  positions: Pick<DriverPositions, 'changedSince'>;
  logger: Logger;
  sse: SseOptions;
  coalesceMs: number;
  positionsEveryMs: number;
};

/**
 * The operator's page, live: `event: changed` names the lists that changed (`calls`, `drivers`,
 * `payments`), so the page reloads those and nothing else; idle, the stream is silent. The first
 * message names every list: whatever changed while the page was not connected is loaded again.
 */
export const operatorEventRoutes = (deps: OperatorEventRouteDependencies) => {
  const router = Router();

  router.get('/operator/events', async (req, res) => {
    requireRole(res, 'operator');
    const sse = openSse(req, res, deps.sse);
    const send = (topics: readonly string[]) => sse.send({ event: 'changed', data: { topics } });
    const feed = new OperatorFeed(deps.positions, send, deps);
    sse.onClose(() => feed.stop());
    try {
      const unlisten = await deps.tail.listen((events) => feed.observe(events));
      sse.onClose(unlisten);
      send(OPERATOR_TOPICS);
    } catch (error) {
      deps.logger.warn({ err: error }, 'operator event stream failed');
      sse.close();
    }
  });

  return router;
};
