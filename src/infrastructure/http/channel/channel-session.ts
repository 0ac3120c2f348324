import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import { isDomainError } from '../../../domain/shared/domain-error.js';
import type { Coordinates } from '../../../domain/shared/geo.js';
import { InvalidTokenError, type TokenVerifier } from '../../auth/token-verifier.js';
import { type ChannelErrorCode, CLOSE_CODES, type DownMessage, type UpMessage, upMessageSchema } from './channel.schemas.js';
import type { DriverUpdates } from './driver-updates.js';
import type { ChannelObserver, PingGatherer } from './ping-gatherer.js';
import { PingRateLimit, type PingRateLimitOptions } from './ping-rate-limit.js';

export type SessionDependencies = {
  verifier: TokenVerifier;
  updates: DriverUpdates;
  /** Into the same use case as PUT /api/drivers/:driverId/location, a batch at a time. */
  pings: Pick<PingGatherer, 'add' | 'drain'>;
  rateLimit: PingRateLimitOptions;
  authTimeoutMs: number;
  logger: Pick<Logger, 'warn'>;
  observer?: ChannelObserver;
};

const parseUp = (data: RawData, isBinary: boolean): UpMessage | null => {
  if (isBinary || !Buffer.isBuffer(data)) return null;
  try {
    const parsed = upMessageSchema.safeParse(JSON.parse(data.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

/**
 * One driver's open channel: authentication (a token from the upgrade's subprotocol header, or an
 * `auth` message within the time allowed), then pings up and updates down. Messages that arrive
 * while a header token is being verified wait for it, in order.
 */
export class ChannelSession {
  private state: 'authenticating' | 'open' | 'closed' = 'authenticating';
  private readonly limit: PingRateLimit;
  private verifying: Promise<void> | null = null;
  private authTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly driverId: string,
    private readonly deps: SessionDependencies,
    headerToken: string | null,
  ) {
    this.limit = new PingRateLimit(deps.rateLimit);
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.closed());
    // ws reports a broken socket as an error, then closes it: the close does the cleaning up.
    socket.on('error', () => {});
    if (headerToken !== null) this.verify(headerToken);
    else
      this.authTimer = setTimeout(
        () => this.refuse('UNAUTHENTICATED', 'Send {"type":"auth","token":"…"} first', CLOSE_CODES.unauthenticated),
        deps.authTimeoutMs,
      );
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.verifying) {
      void this.verifying.then(() => this.receive(data, isBinary));
      return;
    }
    if (this.state === 'closed') return;
    const verdict = this.limit.take();
    if (verdict !== 'ok') {
      this.deps.observer?.pinged('dropped');
      if (verdict === 'tell') this.sendError('RATE_LIMITED', 'More than the allowed messages per second: this one was dropped');
      if (verdict === 'close') this.refuse('RATE_LIMITED', 'Flooding the channel', CLOSE_CODES.rateLimited);
      return;
    }
    const message = parseUp(data, isBinary);
    if (!message) return this.sendError('BAD_MESSAGE', 'Expected a JSON text frame: {"type":"auth",…} or {"type":"ping",…}');
    if (this.state === 'authenticating') {
      if (message.type === 'auth') this.verify(message.token);
      else this.refuse('UNAUTHENTICATED', 'Authenticate before sending anything else', CLOSE_CODES.unauthenticated);
      return;
    }
    if (message.type === 'ping') this.ping(message.location, message.at);
    else this.sendError('BAD_MESSAGE', 'This channel is already authenticated');
  }

  private verify(token: string): void {
    clearTimeout(this.authTimer);
    this.verifying = this.authenticate(token).finally(() => (this.verifying = null));
  }

  private async authenticate(token: string): Promise<void> {
    let actor;
    try {
      actor = await this.deps.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError)
        return this.refuse('INVALID_TOKEN', `The token was refused: ${error.reason}`, CLOSE_CODES.unauthenticated);
      this.deps.logger.warn({ err: error, driverId: this.driverId }, 'driver channel token not verified');
      return this.refuse('UNAVAILABLE', 'The token could not be verified now; connect again', 1011);
    }
    if (this.state === 'closed') return;
    if (actor.role !== 'driver' || actor.id !== this.driverId)
      return this.refuse('FORBIDDEN', 'Only the driver themself may open their channel', CLOSE_CODES.forbidden);
    this.state = 'open';
    this.send({ type: 'ready', driverId: this.driverId });
    let unsubscribe: () => void;
    try {
      unsubscribe = await this.deps.updates.subscribe(this.driverId, (message) => this.send(message));
    } catch (error) {
      this.deps.logger.warn({ err: error, driverId: this.driverId }, 'driver channel could not follow the log');
      return this.refuse('UNAVAILABLE', 'Offers cannot be followed now; connect again', 1011);
    }
    // The driver may have hung up while the subscription was made.
    if (this.isClosed()) unsubscribe();
    else this.unsubscribe = unsubscribe;
  }

  private ping(location: Coordinates, at: string | undefined): void {
    this.deps.pings.add(
      at === undefined ? { driverId: this.driverId, location, from: this } : { driverId: this.driverId, location, at: new Date(at), from: this },
    );
  }

  /** The gatherer's answer for a ping of this channel that was not stored. */
  refused(error: Error): void {
    if (isDomainError(error) && (error.code === 'DRIVER_OFFLINE' || error.code === 'DRIVER_NOT_FOUND'))
      return this.sendError(error.code, error.message);
    this.sendError('UNAVAILABLE', 'The ping was not stored; send the next one');
  }

  private send(message: DownMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private sendError(code: ChannelErrorCode, message: string): void {
    this.send({ type: 'error', code, message });
  }

  private refuse(code: ChannelErrorCode, message: string, closeCode: number): void {
    if (this.state === 'closed') return;
    this.sendError(code, message);
    this.socket.close(closeCode, code);
    this.closed();
  }

  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private closed(): void {
    this.state = 'closed';
    clearTimeout(this.authTimer);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
