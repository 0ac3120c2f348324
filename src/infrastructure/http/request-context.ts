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

type LoggedRequest = IncomingMessage & { originalUrl?: string };
type LoggedResponse = ServerResponse & { err?: unknown };

const levelOf = (url: string, status: number, error: unknown): Level => {
  if (error || status >= 500) return 'error';
  if (QUIET_PATHS.test(url)) return 'debug';
  return status >= 400 ? 'warn' : 'info';
};

/**
 * The request id and the access log: `req.id` is the id, `req.log` a child logger whose every
 * line carries `requestId`, and one line per answer (probes at debug level, so a load balancer's
 * polling does not drown the log). The lines are pino-http's (`req`, `res`, `responseTime`,
 * "request completed" / "request errored"); what pino-http also did on every request — two child
 * loggers, one of them serialising the request into its bindings — was 4 % of a command's CPU
 * in a profile, for a line a production level (`warn`) mostly does not write. Here there is one
 * child, without the request in its bindings, and the line is built only when its level is enabled.
 */
export const requestContext =
  (logger: Logger) =>
  (req: LoggedRequest, res: LoggedResponse, next: () => void): void => {
    const requestId = requestIdOf(req, res);
    const started = Date.now();
    req.id = requestId;
    req.log = logger.child({ requestId });
    let failed: unknown;
    // 'close' comes after every answer, finished or cut short: one listener, one line.
    const done = () => {
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
    };
    res.once('close', done);
    res.once('error', (error) => (failed = error));
    next();
  };
