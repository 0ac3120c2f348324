import { z } from 'zod';
import { idSchema } from '../validation.js';
import { callStatusOut, moneyOut, paymentStatusOut, placeOut } from './common.schemas.js';

export const readOptionsQuery = z.object({
  minPosition: z.coerce.number().int().min(0).optional().describe('Wait (bounded) until the read model has applied this log position'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});
export const callIdParams = z.object({ callId: idSchema });
export const passengerParams = z.object({ passengerId: idSchema });
export const driverIdParams = z.object({ driverId: idSchema });

const nullableTime = z.string().nullable();

/** The passenger dashboard's entry for one call (requirement 12). */
export const dashboardEntryResponse = z.object({
  callId: z.string(),
  passengerId: z.string(),
  pickup: placeOut,
  destination: placeOut,
  rideType: z.string(),
  status: callStatusOut,
  driverId: z.string().nullable(),
  driver: z.object({ driverId: z.string(), name: z.string(), vehicleNo: z.string() }).nullable(),
  vehicleNo: z.string().nullable(),
  requestedAt: z.string(),
  acceptedAt: nullableTime,
  startedAt: nullableTime,
  finishedAt: nullableTime,
  cancelledAt: nullableTime,
  cancelReason: z.string().nullable(),
  fare: moneyOut.nullable(),
  paymentId: z.string().nullable(),
  paymentStatus: paymentStatusOut.nullable(),
  payment: z.object({ paymentId: z.string(), status: paymentStatusOut }).nullable(),
  updatedAt: z.string(),
  position: z.number().int().describe('The log position the entry reflects'),
});
export const dashboardEntriesResponse = z.array(dashboardEntryResponse);

export const notificationResponse = z.object({
  notificationId: z.string(),
  callId: z.string(),
  passengerId: z.string(),
  kind: z.string(),
  status: z.string(),
  message: z.string(),
  createdAt: z.string(),
});
export const notificationsResponse = z.array(notificationResponse);

export const callListResponse = z.array(
  z.object({
    callId: z.string(),
    passengerId: z.string(),
    pickup: placeOut,
    destination: placeOut,
    rideType: z.string(),
    requestedAt: z.string(),
    distanceMeters: z.number().nullable().describe('From the driver\'s last known position; null when unknown'),
  }),
);
