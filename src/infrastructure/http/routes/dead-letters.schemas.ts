import { z } from 'zod';
import { idSchema } from '../validation.js';
import { pageQuerySchema, pageResponseSchema } from './list.schemas.js';

/** Request and response schemas of the operators' dead-letter routes. */
export const deadLettersQuerySchema = pageQuerySchema;
export const deadLetterParamsSchema = z.object({ id: idSchema });
export const deadLetterSchema = z.object({
  id: z.string(),
  notification: z.object({
    notificationId: z.string(),
    recipient: z.object({ role: z.enum(['passenger', 'driver']), id: z.string() }),
    callId: z.string(),
    kind: z.string(),
    status: z.string(),
    message: z.string(),
    createdAt: z.string(),
    correlationId: z.string(),
  }),
  reason: z.string(),
  failures: z.number().int(),
  firstFailedAt: z.string(),
  lastFailedAt: z.string(),
});
export const deadLettersResponseSchema = pageResponseSchema(deadLetterSchema);
/** POST /api/dead-letters/:id/replay: no body. 200 when delivered; 503 / 409 (error body) when not. */
export const deadLetterReplayResponseSchema = z.object({ id: z.string(), status: z.literal('DELIVERED') });

/** GET /api/deliveries: what became of each notification, latest first. */
export const deliveriesQuerySchema = z.object({
  status: z.enum(['DELIVERED', 'FAILED']).optional(),
  role: z.enum(['passenger', 'driver']).optional().describe('With personId: one person’s deliveries'),
  personId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const deliverySchema = z.object({
  notificationId: z.string(),
  recipient: z.object({ role: z.enum(['passenger', 'driver']), id: z.string() }),
  callId: z.string(),
  kind: z.string(),
  channel: z.string().describe('alimtalk, sms, lms, webhook; app (read in the app only); none (the person was erased)'),
  status: z.enum(['DELIVERED', 'FAILED']),
  reason: z.string().nullable().describe("The channel's reason of a failure, e.g. the provider's code"),
  at: z.string(),
});
export const deliveriesResponseSchema = z.object({ items: z.array(deliverySchema) });
