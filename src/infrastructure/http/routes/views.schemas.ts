import { z } from 'zod';
import { RIDE_TYPES } from '../../../domain/call/call.js';
import { CALL_STATUSES } from '../../../domain/call/call-status.js';
import { coordinatesSchema, idSchema } from '../validation.js';
import { callStatusOut, erasablePlaceOut, paymentStatusOut } from './common.schemas.js';
import { dashboardFareFieldsSchema } from './fares.schemas.js';
import { commaListOf, pageQuerySchema, pageResponseSchema } from './list.schemas.js';

/**
 * Request and response schemas of the operators' and drivers' list routes.
 * Responses describe what the read models hold; they are not used to strip fields at runtime.
 */
const isoInstant = z.string().datetime({ offset: true });
const money = z.object({ amount: z.number(), currency: z.string() });
const callStatus = callStatusOut;
const paymentStatus = paymentStatusOut;

/** The taxi's last position while DISPATCHED / DRIVING; `etaSeconds` to the pickup while DISPATCHED. */
export const taxiPositionSchema = z.object({ location: coordinatesSchema, at: z.string(), etaSeconds: z.number().int().nullable() });
/** The data of `event: taxi` on GET /api/calls/:callId/events. */
export const taxiEventSchema = taxiPositionSchema.extend({ callId: z.string() });

export const dashboardEntrySchema = z.object({
  callId: z.string(),
  passengerId: z.string(),
  pickup: erasablePlaceOut,
  destination: erasablePlaceOut,
  rideType: z.string(),
  status: callStatus,
  driverId: z.string().nullable(),
  driver: z.object({ driverId: z.string(), name: z.string(), vehicleNo: z.string() }).nullable(),
  vehicleNo: z.string().nullable(),
  requestedAt: z.string(),
  acceptedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  fare: money.nullable(),
  paymentId: z.string().nullable(),
  paymentStatus: paymentStatus.nullable(),
  payment: z.object({ paymentId: z.string(), status: paymentStatus }).nullable(),
  position: z.number().int(),
  updatedAt: z.string(),
  taxi: taxiPositionSchema.nullable().optional(),
  estimate: dashboardFareFieldsSchema.shape.estimate,
  rating: dashboardFareFieldsSchema.shape.rating,
  arrivedAt: z.string().nullable().optional().describe('When the driver said they were at the pickup'),
  bookedBy: z
    .object({ role: z.literal('operator'), id: z.string() })
    .nullable()
    .optional()
    .describe('The operator who booked the call by phone, for a call made by the dispatch centre'),
});
/**
 * GET /api/calls/:callId (passenger, operator, the assigned or offered driver) and the passenger's
 * list: the entry with the driver's average rating (the operator's list and the SSE do not add it).
 */
export const callResponseSchema = dashboardEntrySchema.extend({ driverRating: dashboardFareFieldsSchema.shape.driverRating });
export const callQuerySchema = z.object({ minPosition: z.coerce.number().int().min(0).optional() });

export const notificationSchema = z.object({
  notificationId: z.string(),
  callId: z.string(),
  kind: z.string(),
  status: z.string(),
  message: z.string(),
  createdAt: z.string(),
});

/** GET /api/passengers/:passengerId/calls and /notifications */
export const passengerListParamsSchema = z.object({ passengerId: idSchema });
export const passengerListQuerySchema = pageQuerySchema.extend({ minPosition: z.coerce.number().int().min(0).optional() });
export const passengerCallsResponseSchema = pageResponseSchema(callResponseSchema);
export const passengerNotificationsResponseSchema = pageResponseSchema(notificationSchema.extend({ passengerId: z.string() }));

/** GET /api/calls (operator) */
export const callsQuerySchema = pageQuerySchema.extend({
  status: commaListOf(CALL_STATUSES).optional(),
  passengerId: idSchema.optional(),
  driverId: idSchema.optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
});
export const callsResponseSchema = pageResponseSchema(dashboardEntrySchema);

/** GET /api/calls/:callId/history (operator) */
export const callParamsSchema = z.object({ callId: idSchema });
export const historyEntrySchema = z.object({
  position: z.number().int(),
  stream: z.string(),
  type: z.string(),
  at: z.string(),
  actor: z.object({ role: z.enum(['passenger', 'driver', 'operator', 'system']), id: z.string() }),
  data: z.record(z.string(), z.unknown()),
});
export const callHistoryResponseSchema = z.array(historyEntrySchema);

/** GET /api/drivers (operator), GET /api/drivers/:driverId (the driver, operator) */
/** AWAY: online and free, but silent (no ping) for longer than DRIVER_STALE_AFTER_MS. */
const DRIVER_STATUSES = ['ONLINE', 'ON_RIDE', 'AWAY', 'OFFLINE'] as const;
const driverStatus = z.enum(DRIVER_STATUSES);
const nearSchema = z
  .string()
  .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, 'lat,lng in decimal')
  .transform((text) => text.split(',').map(Number))
  .pipe(z.tuple([z.number().finite(), z.number().finite()]))
  .transform(([lat, lng]) => ({ lat, lng }))
  .pipe(coordinatesSchema);
export const driversQuerySchema = pageQuerySchema.extend({ status: commaListOf(DRIVER_STATUSES).optional(), near: nearSchema.optional() });
export const driverParamsSchema = z.object({ driverId: idSchema });
export const driverSchema = z.object({
  driverId: z.string(),
  name: z.string(),
  vehicleNo: z.string(),
  rideTypes: z.array(z.string()),
  status: driverStatus,
  currentCallId: z.string().nullable(),
  /** The newest position: the last ping, or where the driver went online. */
  location: coordinatesSchema.nullable(),
  /** When that was (ISO 8601): the age of the position, and what presence (AWAY) goes by. */
  lastSeenAt: z.string().nullable(),
  updatedAt: z.string(),
  releaseCount: z.number().int().optional().describe('How many calls the driver accepted and gave back'),
});
export const driversResponseSchema = pageResponseSchema(driverSchema);
/** The ride a driver is on, so a reloaded console restores its panel. */
export const currentRideSchema = z.object({
  callId: z.string(),
  status: callStatus,
  pickup: erasablePlaceOut,
  destination: erasablePlaceOut,
  arrivedAt: z.string().nullable(),
});
export const driverResponseSchema = driverSchema.extend({
  currentRide: currentRideSchema.nullable().optional(),
  pendingOffers: z.array(z.object({ callId: z.string(), expiresAt: z.string() })).optional(),
});

/** GET /api/reports/daily (operator): days in the service time zone, both ends included, at most a year. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), 'a real day');
export const dailyReportQuerySchema = z
  .object({ from: day, to: day })
  .refine(({ from, to }) => from <= to, { message: 'from must not be after to', path: ['to'] })
  .refine(({ from, to }) => Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) <= 366 * 86_400_000, {
    message: 'at most 366 days',
    path: ['to'],
  });
export const dailyReportSchema = z.object({
  day: z.string(),
  requested: z.number().int(),
  finished: z.number().int(),
  cancelled: z.number().int(),
  expiredWithoutDriver: z.number().int(),
  revenue: z.record(z.string(), money),
  timeToAcceptSeconds: z.object({ median: z.number().nullable(), p90: z.number().nullable() }),
  cancellationRate: z.number(),
});
export const dailyReportResponseSchema = z.object({ timeZone: z.string(), days: z.array(dailyReportSchema) });

/** GET /api/drivers/:driverId/rides and /notifications (the driver, operator) */
export const driverListQuerySchema = pageQuerySchema.extend({ minPosition: z.coerce.number().int().min(0).optional() });
export const driverRideSchema = z.object({
  callId: z.string(),
  passengerId: z.string(),
  pickup: erasablePlaceOut,
  destination: erasablePlaceOut,
  rideType: z.string(),
  requestedAt: z.string(),
  driverId: z.string().nullable(),
  status: z.enum(['OPEN', 'DISPATCHED', 'DRIVING', 'FINISHED', 'CANCELLED']),
  acceptedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  fare: money.nullable(),
  position: z.number().int(),
});
export const driverRidesResponseSchema = pageResponseSchema(driverRideSchema).extend({
  todayEarnings: z.object({ day: z.string(), amount: z.number(), currency: z.string(), rides: z.number().int() }),
});
export const driverNotificationsResponseSchema = pageResponseSchema(notificationSchema.extend({ driverId: z.string() }));

/** GET /api/taxis/nearby (anyone signed in): free taxis near a place, without driver ids. */
export const nearbyTaxisQuerySchema = z.object({
  lat: z.coerce.number().finite().min(-90).max(90),
  lng: z.coerce.number().finite().min(-180).max(180),
  rideType: z.enum(RIDE_TYPES).optional(),
  radius: z.coerce.number().int().min(100).max(10_000).default(3_000),
});
export const nearbyTaxisResponseSchema = z.object({ count: z.number().int(), radiusMeters: z.number().int(), taxis: z.array(coordinatesSchema) });
