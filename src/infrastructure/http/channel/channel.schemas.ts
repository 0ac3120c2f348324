import { z } from 'zod';
import { erasablePlaceOut } from '../routes/common.schemas.js';
import { coordinatesSchema } from '../validation.js';

/**
 * The driver channel's messages (GET /api/drivers/:driverId/channel, WebSocket, JSON text frames):
 * the server validates what comes up with these and `/asyncapi.json` is generated from them, so the
 * document and the server cannot disagree.
 */

/** Up: the token, when it was not sent as `Sec-WebSocket-Protocol: bearer, <token>`; first, within 5 s. */
export const authMessageSchema = z.object({ type: z.literal('auth'), token: z.string().min(1).max(8_192) }).describe('Authenticates the channel');
/** Up: where the driver is; `at` (ISO 8601) when the app measured it, else the server's clock. */
export const pingMessageSchema = z
  .object({ type: z.literal('ping'), location: coordinatesSchema, at: z.string().datetime({ offset: true }).optional() })
  .describe('A position ping, the same as PUT /api/drivers/:driverId/location');
export const upMessageSchema = z.discriminatedUnion('type', [authMessageSchema, pingMessageSchema]);
export type UpMessage = z.infer<typeof upMessageSchema>;

/** Why an offer the driver holds is gone (the offer board's reasons, less ACCEPTED, which is a `call` update). */
export const OFFER_WITHDRAWN_REASONS = ['DECLINED', 'EXPIRED', 'WITHDRAWN', 'TAKEN', 'CANCELLED', 'NO_DRIVER_FOUND', 'STARTED'] as const;
/** What happened to the driver's current call; RELEASED: the driver is free again while the call goes on without them. */
export const CALL_UPDATE_STATUSES = ['DISPATCHED', 'DRIVING', 'FINISHED', 'CANCELLED', 'RELEASED'] as const;
export const CHANNEL_ERROR_CODES = [
  'UNAUTHENTICATED',
  'INVALID_TOKEN',
  'FORBIDDEN',
  'BAD_MESSAGE',
  'RATE_LIMITED',
  'DRIVER_NOT_FOUND',
  'DRIVER_OFFLINE',
  'UNAVAILABLE',
] as const;

export const readyMessageSchema = z.object({ type: z.literal('ready'), driverId: z.string() }).describe('The channel is authenticated');
export const offerMessageSchema = z
  .object({
    type: z.literal('offer'),
    callId: z.string(),
    offerId: z.string(),
    expiresAt: z.string(),
    pickup: erasablePlaceOut,
    destination: erasablePlaceOut,
    rideType: z.string(),
  })
  .describe('A call offered to this driver: accept (POST /api/calls/:callId/accept) or decline before expiresAt');
export const offerWithdrawnMessageSchema = z
  .object({ type: z.literal('offer-withdrawn'), callId: z.string(), reason: z.enum(OFFER_WITHDRAWN_REASONS) })
  .describe('An offer this driver held is gone');
export const callUpdateMessageSchema = z
  .object({ type: z.literal('call'), callId: z.string(), status: z.enum(CALL_UPDATE_STATUSES), at: z.string() })
  .describe("A status change of the driver's current call");
export const operatorMessageSchema = z
  .object({ type: z.literal('message'), text: z.string(), from: z.literal('operator') })
  .describe('A message from the dispatch centre');
export const errorMessageSchema = z
  .object({ type: z.literal('error'), code: z.enum(CHANNEL_ERROR_CODES), message: z.string() })
  .describe('A refused message or a refused channel (then closed: 4001 unauthenticated, 4003 forbidden, 4008 rate limited repeatedly)');
export const downMessageSchema = z.discriminatedUnion('type', [
  readyMessageSchema,
  offerMessageSchema,
  offerWithdrawnMessageSchema,
  callUpdateMessageSchema,
  operatorMessageSchema,
  errorMessageSchema,
]);
export type DownMessage = z.infer<typeof downMessageSchema>;
export type ChannelErrorCode = (typeof CHANNEL_ERROR_CODES)[number];

/** Close codes of the channel (private range 4000–4999). */
export const CLOSE_CODES = { unauthenticated: 4001, forbidden: 4003, rateLimited: 4008 } as const;

/** POST /api/drivers/:driverId/messages (operator): a message down the driver's open channels. */
export const operatorMessageBody = z.object({ text: z.string().trim().min(1).max(500) });
export const operatorMessageResponse = z.object({
  driverId: z.string(),
  /** How many of the driver's channels open on this API process got it (0: the driver is not connected here). */
  delivered: z.number().int(),
});
