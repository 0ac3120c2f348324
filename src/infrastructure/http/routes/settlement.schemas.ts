import { z } from 'zod';
import { idSchema } from '../validation.js';
import { erasablePlaceOut, paymentStatusOut } from './common.schemas.js';
import { fareBreakdownSchema, nightSurchargeSchema } from './fares.schemas.js';

/**
 * Request and response schemas of the passenger's paying again, the operator's waiver, receipts
 * and ratings (settlement.ts), exported so the OpenAPI document can register them.
 */
const paymentStatus = paymentStatusOut;
const money = z.object({ amount: z.number(), currency: z.string() });
const place = erasablePlaceOut;

export const callParamsSchema = z.object({ callId: idSchema });
export const paymentParamsSchema = z.object({ paymentId: idSchema });

/** POST /api/calls/:callId/payment/retry (no body) */
export const payAgainResponseSchema = z.object({ callId: z.string(), paymentId: z.string(), status: paymentStatus, position: z.number().int() });

/** POST /api/payments/:paymentId/waive */
export const waiveBodySchema = z.object({ reason: z.string().trim().max(500).optional() });
export const waiveResponseSchema = z.object({ paymentId: z.string(), callId: z.string(), status: z.literal('WAIVED'), position: z.number().int() });

/** POST /api/calls/:callId/rating */
export const ratingBodySchema = z.object({ stars: z.number().int().min(1).max(5) });
export const ratingResponseSchema = z.object({ callId: z.string(), stars: z.number().int(), ratedAt: z.string(), position: z.number().int() });

/** GET /api/calls/:callId/receipt */
export const receiptResponseSchema = z.object({
  callId: z.string(),
  passengerId: z.string(),
  driverId: z.string().nullable(),
  rideType: z.string(),
  pickup: place,
  destination: place,
  requestedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  distanceMeters: z.number().nullable(),
  /** ESTIMATE_CAP: the track claimed far more than the route estimate; the cap was charged and the ride awaits an operator's look. */
  distanceSource: z.enum(['TRACK', 'STRAIGHT_LINE', 'ESTIMATE_CAP']).nullable(),
  slowSeconds: z.number().nullable(),
  tariff: z.object({ rideType: z.string(), version: z.number().int(), currency: z.string() }).catchall(z.unknown()).nullable(),
  fare: money.nullable(),
  breakdown: fareBreakdownSchema.nullable(),
  surcharges: z.array(nightSurchargeSchema.extend({ seconds: z.number(), amount: z.number() })),
  payment: z.object({ paymentId: z.string(), status: paymentStatus, amount: money.nullable(), gatewayReference: z.string().nullable() }).nullable(),
  rating: z.object({ stars: z.number().int(), ratedAt: z.string() }).nullable(),
});
