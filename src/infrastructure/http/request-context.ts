import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

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

/**
 * The request id and the access log, through pino-http: `req.id` is the id, `req.log` a child
 * logger whose every line carries `requestId`, and one line per answer (probes at debug level, so
 * a load balancer's polling does not drown the log).
 */
export const requestContext = (logger: Logger) =>
  pinoHttp({
    logger,
    genReqId: requestIdOf,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    customLogLevel: (req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      if (QUIET_PATHS.test(req.url ?? '')) return 'debug';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: redactedUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
