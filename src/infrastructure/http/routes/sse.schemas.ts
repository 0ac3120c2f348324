import { z } from 'zod';
import { placeOut, callStatusOut, paymentStatusOut } from './common.schemas.js';
import { dashboardEntrySchema } from './views.schemas.js';
import { OPERATOR_TOPICS } from '../sse/operator-feed.js';

export const sseQuery = z.object({
  ticket: z.string().optional().describe('For EventSource, which cannot send headers: a single-use ticket from POST /api/stream-tickets'),
  access_token: z.string().optional().describe('For EventSource, which cannot send headers: the bearer token (prefer a ticket)'),
  lastEventId: z.string().optional().describe('Resume after this log position (like the Last-Event-ID header)'),
});

/** `event: status` of GET /api/calls/:callId/events. */
export const callStatusEvent = z.object({
  callId: z.string(),
  status: callStatusOut,
  paymentStatus: paymentStatusOut.nullable(),
  position: z.number().int(),
  call: dashboardEntrySchema.describe('The entry as GET /api/calls/:callId answers it (without driverRating)'),
});

/** `event: search` of GET /api/calls/:callId/events: how far the search for a taxi got. */
export const callSearchEvent = z.object({
  callId: z.string(),
  offeredTo: z.number().int().min(1).describe('Drivers the call was offered to so far (each one once)'),
  position: z.number().int(),
});

/** `event: offer` of GET /api/drivers/:driverId/offers. */
export const offerEvent = z.object({
  offerId: z.string(),
  callId: z.string(),
  driverId: z.string(),
  offeredAt: z.string(),
  expiresAt: z.string(),
  position: z.number().int(),
  pickup: placeOut.optional(),
  destination: placeOut.optional(),
  rideType: z.string().optional(),
});

/** `event: offer-closed`. */
export const offerClosedEvent = z.object({
  offerId: z.string(),
  callId: z.string(),
  driverId: z.string(),
  reason: z.enum(['DECLINED', 'EXPIRED', 'WITHDRAWN', 'ACCEPTED', 'TAKEN', 'CANCELLED', 'NO_DRIVER_FOUND', 'STARTED']),
});

/** `event: changed` of GET /api/operator/events. */
export const operatorChangedEvent = z.object({
  topics: z.array(z.enum(OPERATOR_TOPICS)).min(1).describe('The lists of the operator page that changed: load these again'),
});

export const offerDeclinedResponse = z.object({
  callId: z.string(),
  driverId: z.string(),
  status: z.literal('DECLINED'),
  revision: z.number().int(),
  position: z.number().int(),
});

/** POST /api/stream-tickets */
export const streamTicketResponse = z.object({
  ticket: z.string().describe('Pass as `?ticket=` when opening one live stream; good once, until `expiresAt`'),
  expiresAt: z.string().describe('ISO-8601; a few seconds from now (STREAM_TICKET_TTL_MS)'),
});
