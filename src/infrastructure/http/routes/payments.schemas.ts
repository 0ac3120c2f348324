import { z } from 'zod';
import { idSchema } from '../validation.js';
import { PAYMENT_STATUSES } from './common.schemas.js';
import { commaListOf, pageQuerySchema, pageResponseSchema } from './list.schemas.js';

/** Request and response schemas of the operators' payment routes. */
export { PAYMENT_STATUSES };

export const paymentsQuerySchema = pageQuerySchema.extend({
  status: commaListOf(PAYMENT_STATUSES).optional(),
  minPosition: z.coerce.number().int().min(0).optional(),
});
export const paymentParamsSchema = z.object({ paymentId: idSchema });

export const paymentSchema = z.object({
  paymentId: z.string(),
  callId: z.string(),
  passengerId: z.string(),
  amount: z.object({ amount: z.number(), currency: z.string() }),
  status: z.enum(PAYMENT_STATUSES),
  attempts: z.number().int(),
  lastReason: z.string().nullable(),
  retryAt: z.string().nullable(),
  requestedAt: z.string(),
  updatedAt: z.string(),
  position: z.number().int(),
});
export const paymentsResponseSchema = pageResponseSchema(paymentSchema);
/** POST /api/payments/:paymentId/retry: no body; answers the payment's status after the attempt. */
export const paymentRetryResponseSchema = z.object({ paymentId: z.string(), status: z.enum(PAYMENT_STATUSES) });
