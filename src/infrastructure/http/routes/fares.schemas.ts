import { z } from 'zod';
import { coordinatesSchema, placeSchema, rideTypeSchema } from '../validation.js';
import { callStatusOut, paymentStatusOut } from './common.schemas.js';

/** Request and response schemas of the tariff and estimate routes (tariffs.ts), and the fare fields other answers carry. */
const amount = z.number().int().min(0).max(10_000_000);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 00:00 to 23:59');

export const nightSurchargeSchema = z.object({ from: clock, to: clock, percent: z.number().min(0).max(300) });

export const tariffBodySchema = z
  .object({
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('KRW'),
    amountPerStartedMinute: amount.max(1_000_000).default(0),
    minimumMinutes: z.number().int().min(0).max(600).default(1),
    baseFare: amount.optional(),
    includedDistanceMeters: z.number().int().min(0).max(1_000_000).optional(),
    distanceRate: z.object({ amount: amount.min(1), perMeters: z.number().int().min(1).max(100_000) }).optional(),
    slowTimeRate: z
      .object({ amount: amount.min(1), perSeconds: z.number().int().min(1).max(3_600), belowKmh: z.number().positive().max(200) })
      .optional(),
    minimumFare: amount.optional(),
    nightSurcharges: z.array(nightSurchargeSchema).max(12).optional(),
    roundTo: z.number().int().min(1).max(100_000).optional(),
  })
  .refine(
    (tariff) => tariff.amountPerStartedMinute > 0 || (tariff.baseFare ?? 0) > 0 || tariff.distanceRate !== undefined || (tariff.minimumFare ?? 0) > 0,
    {
      message: 'a tariff must charge something: a per-minute rate, a base fare, a distance rate or a minimum fare',
      path: ['amountPerStartedMinute'],
    },
  );

export const tariffParamsSchema = z.object({ rideType: rideTypeSchema });
export const suspendBodySchema = z.object({ reason: z.string().trim().max(500).optional() });

const tariffShape = z.object({
  currency: z.string(),
  amountPerStartedMinute: z.number(),
  minimumMinutes: z.number(),
  baseFare: z.number().optional(),
  includedDistanceMeters: z.number().optional(),
  distanceRate: z.object({ amount: z.number(), perMeters: z.number() }).optional(),
  slowTimeRate: z.object({ amount: z.number(), perSeconds: z.number(), belowKmh: z.number() }).optional(),
  minimumFare: z.number().optional(),
  nightSurcharges: z.array(nightSurchargeSchema).optional(),
  roundTo: z.number().optional(),
});

/** GET /api/tariffs: one entry per ride type. */
export const tariffEntrySchema = tariffShape.extend({
  rideType: rideTypeSchema,
  version: z.number().int(),
  effectiveFrom: z.string().nullable(),
  available: z.boolean(),
});
export const tariffListResponseSchema = z.array(tariffEntrySchema);
/** PUT /api/tariffs/:rideType */
export const setTariffResponseSchema = tariffEntrySchema.extend({ revision: z.number().int(), position: z.number().int() });
/** POST /api/tariffs/:rideType/suspend and /resume */
export const availabilityResponseSchema = z.object({
  rideType: rideTypeSchema,
  available: z.boolean(),
  revision: z.number().int(),
  position: z.number().int(),
});

export const fareBreakdownSchema = z.object({
  baseFare: z.number(),
  distanceCharge: z.number(),
  slowTimeCharge: z.number(),
  timeCharge: z.number(),
  minimumTopUp: z.number(),
  surcharges: z.array(nightSurchargeSchema.extend({ seconds: z.number(), amount: z.number() })),
  rounding: z.number(),
  total: z.number(),
  currency: z.string(),
});

/** POST /api/fares/estimate */
export const estimateBodySchema = z.object({
  pickup: z.union([placeSchema, coordinatesSchema]),
  destination: z.union([placeSchema, coordinatesSchema]),
  rideType: rideTypeSchema.default('STANDARD'),
});
export const fareEstimateSchema = z.object({
  amount: z.number().int(),
  currency: z.string(),
  distanceMeters: z.number().int(),
  durationSeconds: z.number().int(),
  breakdown: fareBreakdownSchema,
});
export const estimateResponseSchema = fareEstimateSchema.extend({
  rideType: rideTypeSchema,
  tariffVersion: z.number().int(),
  available: z.boolean(),
});

/** POST /api/calls answers with the estimate quoted from the tariff fixed for the call. */
export const requestCallResponseSchema = z.object({
  callId: z.string(),
  status: callStatusOut.describe('REQUESTED, or the current status when the Idempotency-Key named an existing call'),
  estimate: fareEstimateSchema.nullable(),
  revision: z.number().int(),
  position: z.number().int(),
});

/**
 * Fields this feature adds to the dashboard entry (GET /api/calls/:callId, the passenger's list):
 * to be merged into the entry's schema. Payment statuses add VOIDED and WAIVED.
 */
export const dashboardFareFieldsSchema = z.object({
  estimate: fareEstimateSchema.nullable().optional(),
  rating: z.object({ stars: z.number().int(), ratedAt: z.string() }).nullable().optional(),
  driverRating: z.object({ averageRating: z.number().nullable(), ratingCount: z.number().int() }).nullable(),
  paymentStatus: paymentStatusOut.nullable(),
});
