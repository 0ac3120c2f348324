import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Level, Logger } from 'pino';

/** What a caller may send as X-Request-Id: printable ASCII, at most 200 characters. */
const ACCEPTABLE_ID = /^[\x20-\x7e]{1,200}$/;

/** The caller's id when it is acceptable, else a fresh one; either way it is echoed. */
export const requestIdOf = (req: IncomingMessage, res: ServerResponse): string => {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
};

const QUIET_PATHS = /^\/(health\/|metrics$)/;

/** Query parameters that may carry a credential: a bearer token, a stream ticket, a key. */
const CREDENTIAL_PARAM = /token|ticket|key|secret|password|auth|code/i;
export const REDACTED = '[redacted]';

/**
 * The URL as a log line may show it: every query value whose name may carry a credential is
 * replaced, whether the request was answered or refused (a log is read by more people, for
 * longer, than the token lives). Names are kept, so a line still says how the caller signed in.
 */
export const redactedUrl = (url: string): string => {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      return equals >= 0 && CREDENTIAL_PARAM.test(safeDecode(name)) ? `${name}=${REDACTED}` : pair;
    });
  return `${url.slice(0, at)}?${query.join('&')}`;
};

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
};

declare module 'node:http' {
  interface IncomingMessage {
    /** The request id (see requestIdOf). */
    id: string;
    /** A logger whose lines carry the request id. */
    log: Logger;
  }
}

const BASE_LOGGER = Symbol('base logger');
const OWN_LOGGER = Symbol('own logger');
type LoggedRequest = IncomingMessage & { originalUrl?: string; [BASE_LOGGER]?: Logger; [OWN_LOGGER]?: Logger };
type LoggedResponse = ServerResponse & { err?: unknown };

const withLazyLogger = new WeakSet<object>();

/**
 * `req.log` made on first use: most requests never log a line at a production level (`warn`),
 * and a pino child per request (its bindings serialised) was 1 % of a command's CPU in a profile.
 * Defined once on the request's prototype (express's `app.request`), so a request pays nothing.
 */
const lazyRequestLogger = (requestPrototype: object): void => {
  if (withLazyLogger.has(requestPrototype)) return;
  withLazyLogger.add(requestPrototype);
  Object.defineProperty(requestPrototype, 'log', {
    configurable: true,
    get(this: LoggedRequest): Logger | undefined {
      if (this[OWN_LOGGER] === undefined) this[OWN_LOGGER] = this[BASE_LOGGER]?.child({ requestId: this.id });
      return this[OWN_LOGGER];
    },
    set(this: LoggedRequest, logger: Logger) {
      this[OWN_LOGGER] = logger;
    },
  });
};

const levelOf = (url: string, status: number, error: unknown): Level => {
  if (error || status >= 500) return 'error';
  if (QUIET_PATHS.test(url)) return 'debug';
  return status >= 400 ? 'warn' : 'info';
};

/**
 * The request id and the access log: `req.id` is the id, `req.log` a child logger whose every
 * line carries `requestId` (made when first used: see lazyRequestLogger), and one line per answer
 * (probes at debug level, so a load balancer's polling does not drown the log). The lines are
 * pino-http's (`req`, `res`, `responseTime`, "request completed" / "request errored"); what
 * pino-http also did on every request — two child loggers, one of them serialising the request
 * into its bindings — was 4 % of a command's CPU in a profile, for a line a production level
 * (`warn`) mostly does not write. Here the line is built only when its level is enabled.
 */
export const requestContext =
  (logger: Logger) =>
  (req: LoggedRequest, res: LoggedResponse, next: () => void): void => {
    const requestId = requestIdOf(req, res);
    const started = Date.now();
    req.id = requestId;
    lazyRequestLogger(Object.getPrototypeOf(req) as object);
    req[BASE_LOGGER] = logger;
    let failed: unknown;
    // 'close' comes once, after every answer, finished or cut short: one listener, one line.
    // (`on`, not `once`: no wrapper to make and remove per request.)
    res.on('close', () => {
      const failure = failed ?? res.err;
      const url = req.originalUrl ?? req.url ?? '';
      const level = levelOf(url, res.statusCode, failure);
      if (!logger.isLevelEnabled(level)) return;
      const line = {
        req: { method: req.method, url: redactedUrl(url) },
        res: { statusCode: res.statusCode },
        responseTime: Date.now() - started,
      };
      if (failure || res.statusCode >= 500) {
        const err = failure ?? new Error(`failed with status code ${res.statusCode}`);
        req.log[level]({ ...line, err }, 'request errored');
      } else req.log[level](line, 'request completed');
    });
    // Also what keeps an error on the response from being thrown as an uncaught exception.
    res.on('error', (error) => (failed = error));
    next();
  };
