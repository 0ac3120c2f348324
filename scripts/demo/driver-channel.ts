import { WebSocket } from 'undici';
import type { Point } from './geo.js';
import type { DemoHttp } from './http.js';
import { followOffers } from './offer-stream.js';

/**
 * How a demo taxi talks to dispatch: pings up, offers and call updates down. The driver channel
 * (one WebSocket per driver) is what a fleet's apps use; the HTTP fallback (PUT …/location and the
 * SSE offer stream) is for a server without it. Commands (accept, arrive, start, finish) stay HTTP.
 */
export type Transport = 'channel' | 'http';
export type Place = Point & { address?: string };
export type Offer = { callId: string; expiresAt: string; pickup: Place; destination: Place; rideType?: string };
export type CallUpdate = { callId: string; status: string };

export type DriverLinkEvents = {
  offer(offer: Offer): void;
  offerWithdrawn(callId: string): void;
  call(update: CallUpdate): void;
  /** The channel dropped pings (`error RATE_LIMITED`) or refused a ping over HTTP. */
  throttled(): void;
  failed(what: string, status: number, code: string | null): void;
};

export type DriverLink = { transport: Transport; isOpen(): boolean; ping(at: Point): Promise<void>; close(): void };
export type DriverLinkContext = { http: DemoHttp; driverId: string; token: string; events: DriverLinkEvents };

export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  constructor(
    message: string,
    readonly closeCode: number | null,
  ) {
    super(message);
  }
}

/** Waiting for `ready` a little longer than the server's own 5 s authentication window. */
const READY_TIMEOUT_MS = 8_000;

type Down =
  | { type: 'ready'; driverId: string }
  | ({ type: 'offer' } & Offer)
  | { type: 'offer-withdrawn'; callId: string; reason?: string }
  | ({ type: 'call'; at?: string } & CallUpdate)
  | { type: 'message'; text: string }
  | { type: 'error'; code: string; message?: string };

const dispatchDown = (message: Down, events: DriverLinkEvents) => {
  switch (message.type) {
    case 'offer':
      return events.offer(message);
    case 'offer-withdrawn':
      return events.offerWithdrawn(message.callId);
    case 'call':
      return events.call(message);
    case 'error':
      return message.code === 'RATE_LIMITED' ? events.throttled() : events.failed('channel', 0, message.code);
    case 'ready':
    case 'message':
      return;
    default: {
      const _exhaustive: never = message;
      return _exhaustive;
    }
  }
};

/** The agreed protocol: the token as a subprotocol (`bearer, <token>`), never in the URL; `ready` once accepted. */
export const openChannel = ({ http, driverId, token, events }: DriverLinkContext) =>
  new Promise<DriverLink>((resolve, reject) => {
    const url = `${http.baseUrl.replace(/^http/, 'ws')}/api/drivers/${encodeURIComponent(driverId)}/channel`;
    const socket = new WebSocket(url, ['bearer', token]);
    let ready = false;
    const fail = (reason: string, closeCode: number | null = null) => {
      clearTimeout(timer);
      if (!ready) reject(new ChannelError(`driver channel of ${driverId}: ${reason}`, closeCode));
    };
    const timer = setTimeout(() => (socket.close(), fail('no ready message')), READY_TIMEOUT_MS);
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as Down;
      if (message.type === 'ready' && !ready) {
        ready = true;
        clearTimeout(timer);
        resolve(link);
      }
      dispatchDown(message, events);
    });
    socket.addEventListener('error', () => fail('connection failed'));
    socket.addEventListener('close', (event) => fail(`closed ${event.code} ${event.reason}`.trim(), event.code));
    const link: DriverLink = {
      transport: 'channel',
      isOpen: () => socket.readyState === WebSocket.OPEN,
      ping: async (at) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'ping', location: at, at: new Date().toISOString() }));
      },
      close: () => socket.close(1000, 'demo ends'),
    };
  });

/** The fallback: a PUT per ping, offers from the driver's SSE stream. */
export const openHttpLink = async ({ http, driverId, token, events }: DriverLinkContext): Promise<DriverLink> => {
  const stream = await followOffers(http, driverId, token, events);
  return {
    transport: 'http',
    isOpen: () => stream.isOpen(),
    ping: async (at) => {
      const answer = await http.send('PUT', `/api/drivers/${encodeURIComponent(driverId)}/location`, token, at);
      if (answer.status === 429 || answer.status === 503) events.throttled();
      else if (answer.status !== 200) events.failed('location', answer.status, answer.code);
    },
    close: () => stream.close(),
  };
};

export const openDriverLink = (transport: Transport, context: DriverLinkContext) =>
  transport === 'channel' ? openChannel(context) : openHttpLink(context);

/** Close codes of the channel's own refusals (4001 unauthenticated, 4003 forbidden, 4008 rate limited…). */
const isChannelRefusal = (error: unknown) => error instanceof ChannelError && error.closeCode !== null && error.closeCode >= 4000;

/**
 * Which transport the server speaks: the channel when it answers the upgrade at all (a `ready`, or
 * one of its own close codes), else the HTTP fallback (a server without the channel answers 404).
 */
export const probeTransport = async (context: Omit<DriverLinkContext, 'events'>): Promise<Transport> => {
  const ignore = () => undefined;
  try {
    const link = await openChannel({
      ...context,
      events: { offer: ignore, offerWithdrawn: ignore, call: ignore, throttled: ignore, failed: ignore },
    });
    link.close();
    return 'channel';
  } catch (error) {
    return isChannelRefusal(error) ? 'channel' : 'http';
  }
};
