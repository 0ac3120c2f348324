import { z } from 'zod';
import { idSchema } from '../validation.js';
import { receiptResponseSchema } from './settlement.schemas.js';
import { erasablePlaceOut, paymentStatusOut } from './common.schemas.js';

/** Request and response schemas of the personal-data routes (for the OpenAPI document too). */
export const passengerParamsSchema = z.object({ passengerId: idSchema });
export const driverParamsSchema = z.object({ driverId: idSchema });

export const erasePassengerResponseSchema = z.object({ passengerId: z.string(), status: z.literal('ERASED'), erasedAt: z.string() });
export const eraseDriverResponseSchema = z.object({ driverId: z.string(), status: z.literal('ERASED'), erasedAt: z.string() });

/** Coordinates of an erased place read as null and its address as "[erased]". */
const placeSchema = erasablePlaceOut;
const moneySchema = z.object({ amount: z.number(), currency: z.string() });
const paymentStatusSchema = paymentStatusOut;

export const exportedCallSchema = z
  .object({
    callId: z.string(),
    passengerId: z.string(),
    pickup: placeSchema,
    destination: placeSchema,
    rideType: z.string(),
    status: z.string(),
    driverId: z.string().nullable(),
    driver: z.object({ driverId: z.string(), name: z.string(), vehicleNo: z.string() }).nullable(),
    vehicleNo: z.string().nullable(),
    requestedAt: z.string(),
    acceptedAt: z.string().nullable(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    fare: moneySchema.nullable(),
    paymentId: z.string().nullable(),
    paymentStatus: paymentStatusSchema.nullable(),
    payment: z.object({ paymentId: z.string(), status: paymentStatusSchema }).nullable(),
    updatedAt: z.string(),
  })
  .loose();

export const exportedNotificationSchema = z.object({
  notificationId: z.string(),
  callId: z.string(),
  passengerId: z.string(),
  kind: z.string(),
  status: z.string(),
  message: z.string(),
  createdAt: z.string(),
});

export const passengerExportResponseSchema = z.object({
  passengerId: z.string(),
  exportedAt: z.string(),
  calls: z.array(exportedCallSchema),
  notifications: z.array(exportedNotificationSchema),
  payments: z.array(z.object({ paymentId: z.string(), callId: z.string(), status: paymentStatusSchema.nullable(), amount: moneySchema.nullable() })),
  receipts: z.array(receiptResponseSchema),
  ratings: z.array(z.object({ callId: z.string(), stars: z.number().int(), ratedAt: z.string() })),
  preferences: z
    .object({ locale: z.string().nullable(), channel: z.string().nullable(), phone: z.string().nullable() })
    .nullable()
    .describe('How the passenger is reached; the phone reads "[erased]" after an erasure'),
});
