import { LOCALES } from '../../../domain/shared/locale.js';
import { z } from 'zod';
import { idSchema, placeSchema, rideTypeSchema } from '../validation.js';
import { moneyOut, paymentStatusOut, writeResult } from './common.schemas.js';

export const requestCallBody = z.object({
  passengerId: idSchema.optional().describe('Required for an operator; a passenger may only name themselves'),
  pickup: placeSchema,
  destination: placeSchema,
  rideType: rideTypeSchema.default('STANDARD'),
  locale: z.enum(LOCALES).optional().describe("The language the passenger is told in; else the request's Accept-Language, else SERVICE_LOCALE"),
});
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
  .optional();
export const requestCallHeaders = z.object({ 'Idempotency-Key': idempotencyKeySchema.describe('The same key returns the same call') });
export const driverBody = z.object({ driverId: idSchema.optional().describe('Required for an operator; a driver acts as themselves') });
export const cancelBody = z.object({ reason: z.string().trim().max(500).optional() });
export const callParams = z.object({ callId: idSchema });

export const callCancelledResponse = z.object({ callId: z.string(), status: z.literal('CANCELLED'), ...writeResult });
export const rideStartedResponse = z.object({ callId: z.string(), status: z.literal('DRIVING'), ...writeResult });
export const rideFinishedResponse = z.object({
  callId: z.string(),
  status: z.literal('FINISHED'),
  fare: moneyOut,
  payment: z.object({ paymentId: z.string(), status: paymentStatusOut }),
  ...writeResult,
});

/** A driver's own reason for giving a call back (or an operator's for a centre action): said, not chosen from a list. */
const reasonSchema = z.string().trim().min(1).max(500);
export const arriveResponse = z.object({ callId: z.string(), status: z.literal('DISPATCHED'), arrivedAt: z.string(), ...writeResult });
export const releaseBody = z.object({
  driverId: idSchema.optional().describe('Required for an operator; a driver acts as themselves'),
  reason: reasonSchema,
});
export const releaseResponse = z.object({ callId: z.string(), status: z.literal('REQUESTED'), ...writeResult });
export const assignBody = z.object({ driverId: idSchema, reason: reasonSchema.optional() });
export const assignResponse = z.object({ callId: z.string(), status: z.literal('DISPATCHED'), driverId: z.string(), ...writeResult });
export const forceFinishBody = z.object({
  reason: reasonSchema,
  fare: z
    .object({ amount: z.number().int().min(0).max(10_000_000) })
    .optional()
    .describe('The fare to charge instead of the metered one'),
});
