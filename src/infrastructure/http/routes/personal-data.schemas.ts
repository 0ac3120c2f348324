import { z } from 'zod';
import { idSchema } from '../validation.js';
import { receiptResponseSchema } from './settlement.schemas.js';
import { paymentStatusOut } from './common.schemas.js';
import { dashboardEntrySchema } from './views.schemas.js';

/** Request and response schemas of the personal-data routes. */
export const passengerParamsSchema = z.object({ passengerId: idSchema });
export const driverParamsSchema = z.object({ driverId: idSchema });

export const erasePassengerResponseSchema = z.object({ passengerId: z.string(), status: z.literal('ERASED'), erasedAt: z.string() });
export const eraseDriverResponseSchema = z.object({ driverId: z.string(), status: z.literal('ERASED'), erasedAt: z.string() });

/** A call as the dashboard keeps it, without what is derived at read time (the taxi, the position in the log). */
export const exportedCallSchema = dashboardEntrySchema
  .pick({
    callId: true,
    passengerId: true,
    pickup: true,
    destination: true,
    rideType: true,
    status: true,
    driverId: true,
    driver: true,
    vehicleNo: true,
    requestedAt: true,
    acceptedAt: true,
    startedAt: true,
    finishedAt: true,
    cancelledAt: true,
    cancelReason: true,
    fare: true,
    paymentId: true,
    paymentStatus: true,
    payment: true,
    updatedAt: true,
  })
  .extend({ status: z.string() })
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
  payments: z.array(
    z.object({
      paymentId: z.string(),
      callId: z.string(),
      status: paymentStatusOut.nullable(),
      amount: z.object({ amount: z.number(), currency: z.string() }).nullable(),
    }),
  ),
  receipts: z.array(receiptResponseSchema),
  ratings: z.array(z.object({ callId: z.string(), stars: z.number().int(), ratedAt: z.string() })),
  preferences: z
    .object({ locale: z.string().nullable(), channel: z.string().nullable(), phone: z.string().nullable() })
    .nullable()
    .describe('How the passenger is reached; the phone reads "[erased]" after an erasure'),
});
