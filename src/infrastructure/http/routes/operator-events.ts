import type { Logger } from 'pino';
import type { DriverPositions } from '../../../application/ports/driver-positions.js';
import { events } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import type { LogTail } from '../sse/log-tail.js';
import { OPERATOR_TOPICS, OperatorFeed } from '../sse/operator-feed.js';
import { type SseOptions, openSse } from '../sse/sse.js';
import * as sse from './sse.schemas.js';

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
export const operatorEventRoutes = new Routes<OperatorEventRouteDependencies>({ tag: 'streams' }).route({
  method: 'get',
  path: '/api/operator/events',
  summary: "Which of the operator's lists changed (Server-Sent Events; operators)",
  description:
    'One `event: changed` naming the lists (`calls`, `drivers`, `payments`) that changed within `OPERATOR_FEED_COALESCE_MS`, from the log and from taxis that moved. The first message names them all. Idle, the stream sends only heartbeats: the page asks for nothing.',
  roles: ['operator'],
  request: { query: sse.sseQuery },
  responses: { 200: events },
  events: { changed: sse.operatorChangedEvent },
  handle: async (_input, deps, { req, res }) => {
    const stream = openSse(req, res, deps.sse);
    const send = (topics: readonly string[]) => stream.send({ event: 'changed', data: { topics } });
    const feed = new OperatorFeed(deps.positions, send, deps);
    stream.onClose(() => feed.stop());
    try {
      const unlisten = await deps.tail.listen((events) => feed.observe(events));
      stream.onClose(unlisten);
      send(OPERATOR_TOPICS);
    } catch (error) {
      deps.logger.warn({ err: error }, 'operator event stream failed');
      stream.close();
    }
  },
});
