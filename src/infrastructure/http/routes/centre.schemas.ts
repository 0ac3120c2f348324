import { z } from 'zod';
import { placeSchema, rideTypeSchema } from '../validation.js';
import { writeResult } from './common.schemas.js';

/** A phone number as people write it: digits with an optional +, spaces, dashes, dots or brackets. */
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9\s\-.()]{5,24}$/, 'a phone number, e.g. 010-1234-5678 or +82 10 1234 5678')
  .refine((phone) => phone.replace(/\D/g, '').length >= 6 && phone.replace(/\D/g, '').length <= 15, 'between 6 and 15 digits');

export const bookingBody = z.object({
  phone: phoneSchema,
  name: z.string().trim().min(1).max(100).optional(),
  pickup: placeSchema,
  destination: placeSchema,
  rideType: rideTypeSchema.default('STANDARD'),
  locale: z.enum(['ko', 'en']).optional(),
});
export const bookingResponse = z.object({ callId: z.string(), passengerId: z.string(), status: z.literal('REQUESTED'), ...writeResult });

export const ATTENTION_KINDS = ['STUCK_DISPATCHED', 'LONG_RIDE', 'DRIVER_BUSY_WITHOUT_RIDE'] as const;
export const attentionQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
  minPosition: z.coerce.number().int().min(0).optional(),
});
export const attentionItem = z.object({
  kind: z.enum(ATTENTION_KINDS),
  callId: z.string().optional(),
  driverId: z.string().optional(),
  since: z.string().describe('When the item started to need attention'),
});
export const attentionResponse = z.object({ items: z.array(attentionItem), nextCursor: z.string().nullable() });
