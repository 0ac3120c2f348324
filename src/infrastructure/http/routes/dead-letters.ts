import { Router } from 'express';
import { replayDeadLetter, type ReplayDependencies } from '../../../application/notifications/replay-dead-letter.js';
import { encodeCursor } from '../../../projections/queries/keyset.js';
import { requireRole } from '../authorization.js';
import { HttpError } from '../errors.js';
import { parse } from '../validation.js';
import { deadLetterParamsSchema, deadLettersQuerySchema, deliveriesQuerySchema } from './dead-letters.schemas.js';
import type { DeliveryLog } from '../../../application/ports/delivery-log.js';

/** Operators: what became of each notification, those the channel did not take, and sending one again now. */
export const deadLetterRoutes = (deps: ReplayDependencies & { deliveries: DeliveryLog }) => {
  const router = Router();

  router.get('/deliveries', async (req, res) => {
    requireRole(res, 'operator');
    const { status, role, personId, limit } = parse(deliveriesQuerySchema, req.query, 'query');
    const recipient = role && personId ? { role, id: personId } : undefined;
    res.json({ items: await deps.deliveries.page({ status, recipient, limit }) });
  });

  router.get('/dead-letters', async (req, res) => {
    requireRole(res, 'operator');
    const { limit, cursor } = parse(deadLettersQuerySchema, req.query, 'query');
    const after = cursor ? { firstFailedAt: String(cursor.key), notificationId: cursor.id } : undefined;
    const found = await deps.deadLetters.page(limit + 1, after);
    const items = found.slice(0, limit).map((letter) => ({ id: letter.notification.notificationId, ...letter }));
    const last = items.at(-1);
    res.json({ items, nextCursor: found.length > limit && last ? encodeCursor({ key: last.firstFailedAt, id: last.id }) : null });
  });

  router.post('/dead-letters/:id/replay', async (req, res) => {
    const { id } = parse(deadLetterParamsSchema, req.params, 'params');
    requireRole(res, 'operator');
    const outcome = await replayDeadLetter(deps, id);
    switch (outcome.kind) {
      case 'delivered':
        res.json({ id, status: 'DELIVERED' });
        return;
      case 'unavailable':
        throw new HttpError(
          503,
          'NOTIFICATION_CHANNEL_UNAVAILABLE',
          'The messaging channel is unavailable; the notification stays parked',
          { reason: outcome.reason },
          { 'Retry-After': '10' },
        );
      case 'rejected':
        throw new HttpError(409, 'NOTIFICATION_REJECTED', 'The messaging channel refused the notification; it stays parked', {
          reason: outcome.reason,
        });
      default: {
        const exhaustive: never = outcome;
        throw new Error(`Unknown delivery outcome ${JSON.stringify(exhaustive)}`);
      }
    }
  });

  return router;
};
