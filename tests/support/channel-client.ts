import { Ajv } from 'ajv';
import { WebSocket } from 'ws';
import { asyncApiDocument } from '../../src/infrastructure/http/channel/asyncapi.js';
import { eventuallyValue } from './eventually.js';

export type ChannelMessage = { type: string; [field: string]: any };
export type ChannelClient = {
  socket: WebSocket;
  /** Every message received so far, in order. */
  received: ChannelMessage[];
  send: (message: unknown) => void;
  ping: (location: { lat: number; lng: number }, at?: string) => void;
  /** The first message (from the start) that matches, once it has come. */
  next: (match: (message: ChannelMessage) => boolean, what: string, timeoutMs?: number) => Promise<ChannelMessage>;
  /** Resolves with the close code once the server closed the channel. */
  closed: Promise<number>;
  close: () => void;
};

const document = asyncApiDocument('test');
const ajv = new Ajv({ strict: false, allErrors: true, formats: { 'date-time': (text: string) => !Number.isNaN(Date.parse(text)) } });
const payloads = new Map(Object.entries(document.components.messages).map(([name, message]) => [name, ajv.compile<unknown>(message.payload)]));

/** Every message the server sends must be one the AsyncAPI document describes, and match its payload. */
export const checkAgainstAsyncApi = (message: ChannelMessage): void => {
  const { type } = message;
  const validate = payloads.get(type);
  if (!validate) throw new Error(`the channel sent a message the AsyncAPI document does not describe: ${JSON.stringify(message)}`);
  if (!validate(message)) throw new Error(`the channel's ${type} message does not match /asyncapi.json: ${ajv.errorsText(validate.errors)}`);
};

/** Opens a driver's channel; `token` goes in the subprotocol header (`header`) or in a first `auth` message (`message`). */
export const openChannel = async (
  baseUrl: string,
  driverId: string,
  auth: { token: string; via: 'header' | 'message' } | null,
): Promise<ChannelClient> => {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/drivers/${driverId}/channel`;
  const socket = auth?.via === 'header' ? new WebSocket(url, ['bearer', auth.token]) : new WebSocket(url);
  const received: ChannelMessage[] = [];
  const problems: Error[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse((data as Buffer).toString('utf8')) as ChannelMessage;
    try {
      checkAgainstAsyncApi(message);
    } catch (error) {
      problems.push(error as Error);
    }
    received.push(message);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const send = (message: unknown) => socket.send(JSON.stringify(message));
  if (auth?.via === 'message') send({ type: 'auth', token: auth.token });
  return {
    socket,
    received,
    send,
    ping: (location, at) => send({ type: 'ping', location, ...(at ? { at } : {}) }),
    next: (match, what, timeoutMs = 10_000) =>
      eventuallyValue(
        () => {
          if (problems.length > 0) throw problems[0]!;
          return received.find(match);
        },
        timeoutMs,
        what,
        10,
      ),
    closed,
    close: () => socket.close(),
  };
};
