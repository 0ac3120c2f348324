import { ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import { driverParams } from '../routes/drivers.schemas.js';
import { operatorMessageBody, operatorMessageResponse } from './channel.schemas.js';
import type { DriverUpdates } from './driver-updates.js';

/**
 * The dispatch centre writes to a driver (`{"type":"message","from":"operator"}` on the channel).
 * Best effort and not an event: it reaches the driver's channels open on this process, and the
 * answer says how many; a message that must not be lost is a notification, not a channel message.
 */
export const driverMessageRoutes = new Routes<Pick<DriverUpdates, 'tell'>>({ tag: 'drivers' }).route({
  method: 'post',
  path: '/api/drivers/:driverId/messages',
  summary: "Write to a driver's open channels (operators): `message` on GET /api/drivers/{driverId}/channel, see /asyncapi.json",
  roles: ['operator'],
  request: { params: driverParams, body: operatorMessageBody, bodyExample: { text: 'Road closed at Namsan tunnel 1' } },
  responses: { 202: ok('Sent to the channels open on this process', operatorMessageResponse) },
  handle: ({ params: { driverId }, body: { text } }, updates) => ({ driverId, delivered: updates.tell(driverId, text) }),
});
