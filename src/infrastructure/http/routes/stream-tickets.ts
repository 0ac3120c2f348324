import { Router } from 'express';
import type { StreamTickets } from '../../auth/stream-tickets.js';
import { actorOf } from '../authorization.js';

/** A signed-in caller trades its bearer token (sent in a header) for a single-use stream ticket. */
export const streamTicketRoutes = (tickets: StreamTickets) => {
  const router = Router();
  router.post('/stream-tickets', (_req, res) => {
    res
      .set('Cache-Control', 'no-store')
      .status(201)
      .json(tickets.issue(actorOf(res)));
  });
  return router;
};
