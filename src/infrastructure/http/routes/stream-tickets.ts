import type { StreamTickets } from '../../auth/stream-tickets.js';
import { actorOf } from '../authorization.js';
import { ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import { streamTicketResponse } from './sse.schemas.js';

/** A signed-in caller trades its bearer token (sent in a header) for a single-use stream ticket. */
export const streamTicketRoutes = new Routes<StreamTickets>({ tag: 'streams' }).route({
  method: 'post',
  path: '/api/stream-tickets',
  summary: 'A single-use, short-lived ticket for opening one live stream (anyone signed in)',
  description:
    'EventSource cannot send an Authorization header: open `…/events?ticket=` or `…/offers?ticket=` with this instead of `?access_token=`. The ticket acts as the caller who asked for it, works once, and expires at `expiresAt`; a used or expired one answers 401 `INVALID_TICKET`.',
  responses: { 201: ok('The ticket', streamTicketResponse) },
  handle: (_input, tickets, { res }) => {
    res.set('Cache-Control', 'no-store');
    return tickets.issue(actorOf(res));
  },
});
