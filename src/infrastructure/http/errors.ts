import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { type DomainErrorCode, isDomainError } from '../../domain/shared/domain-error.js';
import { WrongExpectedRevisionError } from '../../application/ports/event-store.js';

/** An error the HTTP layer answers as is: a status, a stable code and a human message. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const NOT_FOUND: ReadonlySet<DomainErrorCode> = new Set(['CALL_NOT_FOUND', 'DRIVER_NOT_FOUND', 'PAYMENT_NOT_FOUND', 'OFFER_NOT_FOUND', 'DEAD_LETTER_NOT_FOUND']);
const FORBIDDEN: ReadonlySet<DomainErrorCode> = new Set(['NOT_ASSIGNED_DRIVER']);

/** Domain codes are state conflicts (409) unless they say "no such thing" (404) or "not yours" (403). */
export const statusOfDomainError = (code: DomainErrorCode) => (NOT_FOUND.has(code) ? 404 : FORBIDDEN.has(code) ? 403 : 409);

const UNAVAILABLE_CODES = new Set(['SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_FULL', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
const UNAVAILABLE_NAMES = new Set(['MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoServerSelectionError', 'UnavailableError', 'DeadlineExceededError', 'PingTimeoutError']);

/** A store that does not answer right now: the client should retry, not report a bug. */
const isStoreUnavailable = (error: { code?: unknown; name?: unknown } | undefined) =>
  (typeof error?.code === 'string' && (UNAVAILABLE_CODES.has(error.code) || error.code.startsWith('SQLITE_IOERR'))) ||
  (typeof error?.name === 'string' && UNAVAILABLE_NAMES.has(error.name));

const body = (code: string, message: string, details?: unknown) => ({ error: { code, message, ...(details === undefined ? {} : { details }) } });

export const notFoundRoute: RequestHandler = (req, res) => {
  res.status(404).json(body('ROUTE_NOT_FOUND', `No route for ${req.method} ${req.path}`));
};

/** Body-parser failures carry a `type`; everything else unknown is a 500 and is logged. */
export const errorHandler =
  (fallbackLogger: Logger): ErrorRequestHandler =>
  (error, req, res, _next) => {
    // The request's own logger: its lines carry the request id.
    const logger = req.log ?? fallbackLogger;
    // A 5xx body names the request, so a caller can quote it and the log line be found.
    const send = (status: number, code: string, message: string, details?: unknown) => {
      const answer = body(code, message, details);
      res.status(status).json(status >= 500 ? { error: { ...answer.error, requestId: String(req.id) } } : answer);
    };
    if (error instanceof HttpError) {
      res.set(error.headers);
      send(error.status, error.code, error.message, error.details);
    } else if (isDomainError(error)) {
      send(statusOfDomainError(error.code), error.code, error.message, error.details);
    } else if (error instanceof WrongExpectedRevisionError) {
      res.set('Retry-After', '1');
      send(409, 'CONCURRENT_MODIFICATION', 'The resource changed concurrently; retry the request');
    } else if (error?.type === 'entity.parse.failed') {
      send(400, 'INVALID_JSON', 'The request body is not valid JSON');
    } else if (error?.type === 'entity.too.large') {
      send(413, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${error.limit} bytes`);
    } else if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
      send(error.status, 'BAD_REQUEST', String(error.message ?? 'Bad request'));
    } else if (error?.code === 'SQLITE_BUSY') {
      res.set('Retry-After', '1');
      send(503, 'STORE_BUSY', 'The store is busy; retry shortly');
    } else if (isStoreUnavailable(error)) {
      logger.warn({ err: error, method: req.method, path: req.path }, 'a store is unavailable');
      res.set('Retry-After', '2');
      send(503, 'STORE_UNAVAILABLE', 'A store is unavailable right now; retry shortly');
    } else {
      logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
      send(500, 'INTERNAL_ERROR', 'Something went wrong on our side');
    }
  };
