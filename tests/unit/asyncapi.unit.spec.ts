import { expect } from 'chai';
import { Ajv } from 'ajv';
import { asyncApiDocument, CHANNEL_MESSAGES } from '../../src/infrastructure/http/channel/asyncapi.js';
import { downMessageSchema, upMessageSchema } from '../../src/infrastructure/http/channel/channel.schemas.js';
import { checkAgainstAsyncApi } from '../support/channel-client.js';

/** The parts of AsyncAPI 3.0's own schema that tools rely on (the full parser is a heavy dependency). */
const asyncApi3Shape = {
  type: 'object',
  required: ['asyncapi', 'info', 'channels', 'operations', 'components'],
  properties: {
    asyncapi: { const: '3.0.0' },
    info: { type: 'object', required: ['title', 'version'], properties: { title: { type: 'string' }, version: { type: 'string' } } },
    servers: {
      type: 'object',
      additionalProperties: { type: 'object', required: ['host', 'protocol'], properties: { protocol: { enum: ['ws', 'wss'] } } },
    },
    channels: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['address', 'messages'],
        properties: { address: { type: 'string', pattern: '^/' }, messages: { type: 'object', additionalProperties: { $ref: '#/$defs/ref' } } },
      },
    },
    operations: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['action', 'channel', 'messages'],
        properties: {
          action: { enum: ['send', 'receive'] },
          channel: { $ref: '#/$defs/ref' },
          messages: { type: 'array', items: { $ref: '#/$defs/ref' } },
        },
      },
    },
    components: {
      type: 'object',
      required: ['messages'],
      properties: {
        messages: {
          type: 'object',
          additionalProperties: { type: 'object', required: ['name', 'payload', 'contentType'], properties: { payload: { type: 'object' } } },
        },
      },
    },
  },
  $defs: { ref: { type: 'object', required: ['$ref'], properties: { $ref: { type: 'string', pattern: '^#/' } }, additionalProperties: false } },
};

const resolve = (document: unknown, ref: string): unknown =>
  ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);

const refsIn = (node: unknown): string[] => {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [value] : refsIn(value)));
};

describe('/asyncapi.json, the driver channel described', () => {
  const document = asyncApiDocument('1.2.3');

  it('has the shape of an AsyncAPI 3.0 document', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(asyncApi3Shape);
    expect(validate(document), JSON.stringify(validate.errors)).to.equal(true);
    expect(document.channels.driverChannel.address).to.equal('/api/drivers/{driverId}/channel');
  });

  it('resolves every reference inside itself', () => {
    const refs = refsIn({ channels: document.channels, operations: document.operations });
    expect(refs.length).to.be.greaterThan(10);
    for (const ref of refs) expect(resolve(document, ref), ref).to.be.an('object');
  });

  it('describes every message of the protocol, up as received and down as sent by the server', () => {
    const names = (operation: { messages: Array<{ $ref: string }> }) => operation.messages.map(({ $ref }) => $ref.split('/').at(-1));
    expect(names(document.operations.receiveFromDriver)).to.deep.equal(['auth', 'ping']);
    expect(names(document.operations.sendToDriver)).to.deep.equal(['ready', 'offer', 'offer-withdrawn', 'call', 'message', 'error']);
    const upTypes = upMessageSchema.options.map((option) => option.shape.type.value);
    const downTypes = downMessageSchema.options.map((option) => option.shape.type.value);
    expect(Object.keys(CHANNEL_MESSAGES).sort()).to.deep.equal([...upTypes, ...downTypes].sort());
  });

  it('accepts the messages the server sends and refuses what it would not send', () => {
    const place = { lat: 37.55, lng: 126.97, address: 'Seoul Station' };
    const sent = [
      { type: 'ready', driverId: 'd-1' },
      {
        type: 'offer',
        callId: 'c-1',
        offerId: 'o-1',
        expiresAt: '2026-12-07T18:00:00.000Z',
        pickup: place,
        destination: place,
        rideType: 'STANDARD',
      },
      { type: 'offer-withdrawn', callId: 'c-1', reason: 'EXPIRED' },
      { type: 'call', callId: 'c-1', status: 'DRIVING', at: '2026-12-07T18:00:00.000Z' },
      { type: 'message', text: 'Road closed at Namsan', from: 'operator' },
      { type: 'error', code: 'RATE_LIMITED', message: 'dropped' },
    ];
    for (const message of sent) {
      expect(() => checkAgainstAsyncApi(message), message.type).not.to.throw();
      expect(downMessageSchema.safeParse(message).success, message.type).to.equal(true);
    }
    expect(() => checkAgainstAsyncApi({ type: 'call', callId: 'c-1', status: 'TELEPORTED', at: 'now' })).to.throw(/does not match/);
    expect(() => checkAgainstAsyncApi({ type: 'offer', callId: 'c-1' })).to.throw(/does not match/);
    expect(() => checkAgainstAsyncApi({ type: 'gossip' })).to.throw(/does not describe/);
  });

  it('describes a ping exactly as the server validates it', () => {
    const ping = document.components.messages.ping;
    if (!ping) throw new Error('the document has no ping message');
    const validate = new Ajv({ strict: false, formats: { 'date-time': true } }).compile<unknown>(ping.payload);
    const pings = [
      { type: 'ping', location: { lat: 37.5, lng: 127 } },
      { type: 'ping', location: { lat: 37.5, lng: 127 }, at: '2026-12-07T18:00:00.000Z' },
      { type: 'ping', location: { lat: 91, lng: 127 } },
      { type: 'ping', location: { lat: 37.5 } },
    ];
    for (const sent of pings) expect(validate(sent), JSON.stringify(sent)).to.equal(upMessageSchema.safeParse(sent).success);
    expect(pings.map((ping) => upMessageSchema.safeParse(ping).success)).to.deep.equal([true, true, false, false]);
  });
});
