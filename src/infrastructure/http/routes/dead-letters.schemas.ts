import { z } from 'zod';
import { idSchema } from '../validation.js';
import { pageQuerySchema, pageResponseSchema } from './list.schemas.js';

/** Request and response schemas of the operators' dead-letter routes, exported for the OpenAPI spec. */
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
