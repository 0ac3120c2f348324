import { z } from 'zod';
import { idSchema, placeSchema, rideTypeSchema } from '../validation.js';

/**
 * GET /api/drivers/:driverId/calls — the driver's call list (the driver, or an operator). An entry
 * says what a driver needs to decide to accept; it never names the passenger, who is not the
 * driver's to know before the ride.
 */
export const driverCallListParams = z.object({ driverId: idSchema });
export const driverCallListQuery = z.object({
  minPosition: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const driverCallListEntry = z
  .object({
    callId: z.string(),
    /** Global log position of the request: usable as `minPosition` elsewhere. */
    position: z.number().int(),
    pickup: placeSchema,
    destination: placeSchema,
    rideType: rideTypeSchema,
    requestedAt: z.string(),
    distanceMeters: z.number().int().nullable(),
  })
  .strict();
export const driverCallListResponse = z.array(driverCallListEntry);
