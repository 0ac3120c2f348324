import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { idSchema } from '../validation.js';
import { ChannelSession, type SessionDependencies } from './channel-session.js';

const CHANNEL_PATH = /^\/api\/drivers\/([^/?#]+)\/channel\/?(?:\?.*)?$/;
/** A ping is a hundred bytes; nothing a driver sends needs more. */
const MAX_MESSAGE_BYTES = 4_096;
const KEEP_ALIVE_MS = 30_000;
const CLOSE_GRACE_MS = 1_000;

/** `Sec-WebSocket-Protocol: bearer, <token>`: browsers cannot set an Authorization header on a WebSocket. */
const headerTokenOf = (req: IncomingMessage): string | null => {
  const [scheme, token] = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((part) => part.trim());
  return scheme === 'bearer' && token ? token : null;
};

const refuseUpgrade = (socket: Duplex, status: number, reason: string, retryAfterSeconds?: number): void => {
  const retryAfter = retryAfterSeconds === undefined ? '' : `Retry-After: ${retryAfterSeconds}\r\n`;
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${retryAfter}Connection: close\r\nContent-Length: 0\r\n\r\n`);
};

/** When a driver refused for want of room tries again: spread over a minute, as channels close. */
const FULL_RETRY_AFTER_S = 30;
const FULL_WARNING_EVERY_MS = 60_000;

export type DriverChannelOptions = {
  /** How often silent channels are checked (KEEP_ALIVE_MS). */
  keepAliveMs?: number;
  /** Channels this process holds at most (channel-capacity.ts); more are refused with 503. */
  maxOpen?: number;
};

/**
 * GET /api/drivers/:driverId/channel upgraded to a WebSocket (the protocol: channel.schemas.ts and
 * /asyncapi.json). It lives beside express, not in it: an upgrade never reaches express's routes,
 * nor its per-IP limit, which would count a city's drivers behind one NAT as one client; each
 * channel has its own rate limit instead. The same pings, tokens and offers as HTTP and SSE.
 */
export class DriverChannel {
  private readonly server = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has('bearer') ? 'bearer' : false),
  });
  /** Heard from (any message, or a pong) since the last sweep. */
  private readonly heard = new WeakSet<WebSocket>();
  /** Silent for a whole sweep and pinged: gone if still silent at the next. */
  private readonly pinged = new WeakSet<WebSocket>();
  private keepAlive: NodeJS.Timeout | undefined;
  private stopping = false;

  private warnedFullAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: SessionDependencies,
    private readonly options: DriverChannelOptions = {},
  ) {}

  get capacity(): number {
    return this.options.maxOpen ?? Number.POSITIVE_INFINITY;
  }

  /** Handles the upgrade when it is for a driver channel (true); false leaves it to whoever is next. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const match = CHANNEL_PATH.exec(req.url ?? '');
    if (!match) return false;
    const driverId = idSchema.safeParse(decodeURIComponent(match[1]!));
    if (!driverId.success) refuseUpgrade(socket, 400, 'Bad Request');
    else if (this.stopping) refuseUpgrade(socket, 503, 'Service Unavailable');
    else if (this.server.clients.size >= this.capacity) this.refuseFull(socket);
    else
      this.server.handleUpgrade(req, socket, head, (ws) => {
        const heard = () => (this.heard.add(ws), this.pinged.delete(ws));
        heard();
        ws.on('pong', heard);
        ws.on('message', heard);
        new ChannelSession(ws, driverId.data, this.deps, headerTokenOf(req));
      });
    return true;
  }

  /** Starts following the log for offers and call updates, and the keep-alive pings that find dead peers. */
  async start(): Promise<void> {
    this.stopping = false;
    this.keepAlive = setInterval(() => this.sweep(), this.options.keepAliveMs ?? KEEP_ALIVE_MS);
    this.keepAlive.unref();
    await this.deps.updates.start();
  }

  get openChannels(): number {
    return this.server.clients.size;
  }

  /** Tells every driver the server is going away (1001), so apps reconnect to another replica. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.keepAlive);
    const clients = [...this.server.clients];
    for (const client of clients) client.close(1001, 'server shutting down');
    const closed = Promise.all(clients.map((client) => new Promise((resolve) => client.once('close', resolve))));
    const grace = new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
    await Promise.race([closed, grace]);
    for (const client of this.server.clients) client.terminate();
    // The last pings received are stored before the stores close (they stop after the channel).
    await this.deps.pings.drain();
    await this.deps.updates.stop();
  }

  private refuseFull(socket: Duplex): void {
    refuseUpgrade(socket, 503, 'Service Unavailable', FULL_RETRY_AFTER_S);
    if (Date.now() - this.warnedFullAt < FULL_WARNING_EVERY_MS) return;
    this.warnedFullAt = Date.now();
    this.deps.logger.warn(
      { open: this.server.clients.size, capacity: this.capacity },
      'driver channels full: new ones are refused (503) until some close; raise the open-file limit (CHANNEL_MAX_OPEN, ulimit -n) or add an api replica',
    );
  }

  /**
   * A driver pinging every few seconds is plainly there: only a channel silent for a whole sweep is
   * pinged, and one still silent a sweep later is closed. A city's sockets are not all pinged twice a minute.
   */
  private sweep(): void {
    for (const client of this.server.clients) {
      if (this.heard.has(client)) this.heard.delete(client);
      else if (this.pinged.has(client)) client.terminate();
      else {
        this.pinged.add(client);
        client.ping();
      }
    }
  }
}
