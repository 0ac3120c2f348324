import { ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import { z } from 'zod';
import { buildVersion } from '../../build-info.js';
import {
  authMessageSchema,
  callUpdateMessageSchema,
  CLOSE_CODES,
  errorMessageSchema,
  offerMessageSchema,
  offerWithdrawnMessageSchema,
  operatorMessageSchema,
  pingMessageSchema,
  readyMessageSchema,
} from './channel.schemas.js';

type JsonSchema = Record<string, unknown>;

/** AsyncAPI's own schema format is a superset of JSON Schema draft-07: the payloads are written in that dialect. */
const payloadOf = (schema: z.ZodType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as JsonSchema;
  return rest;
};

/** Every message, by name, with the direction it travels in (up: driver → server). */
export const CHANNEL_MESSAGES = {
  auth: { schema: authMessageSchema, direction: 'up' },
  ping: { schema: pingMessageSchema, direction: 'up' },
  ready: { schema: readyMessageSchema, direction: 'down' },
  offer: { schema: offerMessageSchema, direction: 'down' },
  'offer-withdrawn': { schema: offerWithdrawnMessageSchema, direction: 'down' },
  call: { schema: callUpdateMessageSchema, direction: 'down' },
  message: { schema: operatorMessageSchema, direction: 'down' },
  error: { schema: errorMessageSchema, direction: 'down' },
} as const satisfies Record<string, { schema: z.ZodType; direction: 'up' | 'down' }>;

const CHANNEL = 'driverChannel';
const DESCRIPTION = [
  'One WebSocket per driver app: pings up; offers, withdrawals, call updates and operator messages down.',
  'Authenticate with `Sec-WebSocket-Protocol: bearer, <token>` (the server answers with the subprotocol `bearer`)',
  'or with an `auth` message within 5 s; never in the URL. Only the driver themself (role driver, subject = driverId).',
  'Accept, decline, start and finish stay HTTP commands. More than 10 pings/s sustained are dropped with one',
  '`error RATE_LIMITED` per second; a driver who keeps flooding is closed with 4008.',
  `Close codes: ${CLOSE_CODES.unauthenticated} unauthenticated, ${CLOSE_CODES.forbidden} forbidden, ${CLOSE_CODES.rateLimited} rate limited repeatedly.`,
].join(' ');

/** The driver channel described as AsyncAPI 3.0, from the zod schemas the server validates with. */
export const asyncApiDocument = (version = buildVersion()) => {
  const names = Object.keys(CHANNEL_MESSAGES) as Array<keyof typeof CHANNEL_MESSAGES>;
  const messages = Object.fromEntries(
    names.map((name) => {
      const { schema } = CHANNEL_MESSAGES[name];
      return [name, { name, title: name, summary: schema.description ?? name, contentType: 'application/json', payload: payloadOf(schema) }];
    }),
  );
  const operation = (direction: 'up' | 'down') => ({
    // The document speaks for the server: it receives what goes up and sends what comes down.
    action: direction === 'up' ? 'receive' : 'send',
    channel: { $ref: `#/channels/${CHANNEL}` },
    messages: names
      .filter((name) => CHANNEL_MESSAGES[name].direction === direction)
      .map((name) => ({ $ref: `#/channels/${CHANNEL}/messages/${name}` })),
  });
  return {
    asyncapi: '3.0.0',
    info: { title: 'Taxi dispatch driver channel', version, description: DESCRIPTION },
    defaultContentType: 'application/json',
    servers: {
      api: { host: '{host}', protocol: 'ws', description: 'The API process itself', variables: { host: { default: 'localhost:3000' } } },
    },
    channels: {
      [CHANNEL]: {
        address: '/api/drivers/{driverId}/channel',
        title: "A driver's channel",
        parameters: { driverId: { description: 'The driver, who must be the token\u2019s subject' } },
        messages: Object.fromEntries(names.map((name) => [name, { $ref: `#/components/messages/${name}` }])),
        bindings: { ws: { method: 'GET', bindingVersion: '0.1.0' } },
      },
    },
    operations: { receiveFromDriver: operation('up'), sendToDriver: operation('down') },
    components: { messages },
  };
};

export type AsyncApiDocument = ReturnType<typeof asyncApiDocument>;

/** GET /asyncapi.json, beside /openapi.json. */
export const asyncApiDocumentRoutes = new Routes<AsyncApiDocument>({ base: '/', tag: 'operations' }).route({
  method: 'get',
  path: '/asyncapi.json',
  summary: "The drivers' WebSocket channel (GET /api/drivers/{driverId}/channel): its messages, as AsyncAPI 3.0",
  responses: { 200: ok('AsyncAPI 3.0', z.record(z.string(), z.unknown())) },
  handle: (_input, document) => document,
});

export const asyncApiRoutes = (document: AsyncApiDocument = asyncApiDocument()) => asyncApiDocumentRoutes.router(document);
