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
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
