import { replayDeadLetter, type ReplayDependencies } from '../../../application/notifications/replay-dead-letter.js';
import type { DeliveryLog } from '../../../application/ports/delivery-log.js';
import { encodeCursor } from '../../../projections/queries/keyset.js';
import { HttpError } from '../errors.js';
import { ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import * as deadLetters from './dead-letters.schemas.js';

/** The operators' dead-letter desk: what became of each notification, those the channel did not take, and sending one again now. */
export const deadLetterDeskRoutes = new Routes<ReplayDependencies & { deliveries: DeliveryLog }>({ tag: 'operators' })
  .route({
    method: 'get',
    path: '/api/deliveries',
    summary: 'What became of each notification: the channel it went out on, or the failure and its reason (operator)',
    description: 'One entry per notification, its latest outcome (a redelivery replaces a failure). A failure is also a dead letter, offered again.',
    roles: ['operator'],
    request: { query: deadLetters.deliveriesQuerySchema },
    responses: { 200: ok('The latest deliveries first', deadLetters.deliveriesResponseSchema) },
    handle: async ({ query: { status, role, personId, limit } }, { deliveries }) => {
      const recipient = role && personId ? { role, id: personId } : undefined;
      return { items: await deliveries.page({ status, recipient, limit }) };
    },
  })
  .route({
    method: 'get',
    path: '/api/dead-letters',
    summary: 'Notifications the messaging channel did not take, oldest failure first (operator; keyset pages)',
    roles: ['operator'],
    request: { query: deadLetters.deadLettersQuerySchema },
    responses: { 200: ok('A page of dead letters', deadLetters.deadLettersResponseSchema) },
    handle: async ({ query: { limit, cursor } }, deps) => {
      const after = cursor ? { firstFailedAt: String(cursor.key), notificationId: cursor.id } : undefined;
      const found = await deps.deadLetters.page(limit + 1, after);
      const items = found.slice(0, limit).map((letter) => ({ id: letter.notification.notificationId, ...letter }));
      const last = items.at(-1);
      return { items, nextCursor: found.length > limit && last ? encodeCursor({ key: last.firstFailedAt, id: last.id }) : null };
    },
  })
  .route({
    method: 'post',
    path: '/api/dead-letters/:id/replay',
    summary: 'Send a parked notification again now (operator)',
    description:
      'No body. Delivered: 200 and the letter is gone. Unavailable channel: 503 with Retry-After; refused: 409; either way it stays parked.',
    roles: ['operator'],
    request: { params: deadLetters.deadLetterParamsSchema },
    responses: { 200: ok('Delivered', deadLetters.deadLetterReplayResponseSchema) },
    errors: { 404: ['DEAD_LETTER_NOT_FOUND'], 409: ['NOTIFICATION_REJECTED'], 503: ['NOTIFICATION_CHANNEL_UNAVAILABLE'] },
    handle: async ({ params: { id } }, deps) => {
      const outcome = await replayDeadLetter(deps, id);
      switch (outcome.kind) {
        case 'delivered':
          return { id, status: 'DELIVERED' };
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
    },
  });
