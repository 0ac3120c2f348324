import * as sse from '../routes/sse.schemas.js';
import { events, ok } from './doc-helpers.js';
import type { ApiRegistry } from './registry.js';

/** The credential a browser's EventSource puts in a stream's URL instead of its bearer token. */
export const streamTicketRoute = (api: ApiRegistry) =>
  api.add({
    method: 'post',
    path: '/api/stream-tickets',
    tag: 'streams',
    security: 'bearer',
    summary: 'A single-use, short-lived ticket for opening one live stream (anyone signed in)',
    description:
      'EventSource cannot send an Authorization header: open `…/events?ticket=` or `…/offers?ticket=` with this instead of `?access_token=`. The ticket acts as the caller who asked for it, works once, and expires at `expiresAt`; a used or expired one answers 401 `INVALID_TICKET`.',
    responses: { 201: ok('The ticket', sse.streamTicketResponse) },
  });

/** The operator's page, live: which of its lists to load again. */
export const operatorEventsRoute = (api: ApiRegistry) =>
  api.add({
    method: 'get',
    path: '/api/operator/events',
    tag: 'streams',
    security: 'bearer',
    summary: "Which of the operator's lists changed (Server-Sent Events; operators)",
    description:
      'One `event: changed` naming the lists (`calls`, `drivers`, `payments`) that changed within `OPERATOR_FEED_COALESCE_MS`, from the log and from taxis that moved. The first message names them all. Idle, the stream sends only heartbeats: the page asks for nothing.',
    request: { query: sse.sseQuery },
    responses: { 200: events },
    events: { changed: sse.operatorChangedEvent },
  });
