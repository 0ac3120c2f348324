import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { type DomainErrorCode, isDomainError } from '../../domain/shared/domain-error.js';
import { WrongExpectedRevisionError } from '../../application/ports/event-store.js';
import { StoreUnavailableError } from '../../application/ports/store-unavailable.js';
import { PositionAheadOfLogError } from '../../application/queries/read-model-freshness.js';

/** A code a route may document: a broken invariant, or a failure the HTTP layer names itself. */
export type ApiErrorCode = DomainErrorCode | 'NOTIFICATION_REJECTED' | 'NOTIFICATION_CHANNEL_UNAVAILABLE';

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

const NOT_FOUND: ReadonlySet<DomainErrorCode> = new Set([
  'CALL_NOT_FOUND',
  'DRIVER_NOT_FOUND',
  'PAYMENT_NOT_FOUND',
  'OFFER_NOT_FOUND',
  'DEAD_LETTER_NOT_FOUND',
]);
const FORBIDDEN: ReadonlySet<DomainErrorCode> = new Set(['NOT_ASSIGNED_DRIVER']);
/** A value the decider checks itself although the request schema already did: still bad input. */
const BAD_INPUT: ReadonlySet<DomainErrorCode> = new Set(['RATING_OUT_OF_RANGE']);

/** Domain codes are state conflicts (409) unless they say "no such thing" (404), "not yours" (403) or "bad input" (400). */
export const statusOfDomainError = (code: DomainErrorCode) =>
  NOT_FOUND.has(code) ? 404 : FORBIDDEN.has(code) ? 403 : BAD_INPUT.has(code) ? 400 : 409;

type ErrorFields = { type?: unknown; limit?: unknown; status?: unknown; message?: unknown };
/** Express hands over whatever was thrown; only these fields are looked at. */
const fieldsOf = (error: unknown): ErrorFields => (typeof error === 'object' && error !== null ? error : {});

const body = (code: string, message: string, details?: unknown) => ({ error: { code, message, ...(details === undefined ? {} : { details }) } });

export const notFoundRoute: RequestHandler = (req, res) => {
  res.status(404).json(body('ROUTE_NOT_FOUND', `No route for ${req.method} ${req.path}`));
};

/** Body-parser failures carry a `type`; a store out of reach is a 503 to retry; everything else unknown is a 500 and is logged. */
export const errorHandler =
  (fallbackLogger: Logger): ErrorRequestHandler =>
  (error: unknown, req, res, _next) => {
    // The request's own logger: its lines carry the request id.
    const logger = req.log ?? fallbackLogger;
    // A 5xx body names the request, so a caller can quote it and the log line be found.
    const send = (status: number, code: string, message: string, details?: unknown) => {
      const answer = body(code, message, details);
      res.status(status).json(status >= 500 ? { error: { ...answer.error, requestId: res.get('X-Request-Id') } } : answer);
    };
    const { type, limit, status, message } = fieldsOf(error);
    if (error instanceof HttpError) {
      res.set(error.headers);
      send(error.status, error.code, error.message, error.details);
    } else if (error instanceof PositionAheadOfLogError) {
      send(400, 'POSITION_AHEAD_OF_LOG', error.message, { minPosition: error.position, head: error.head });
    } else if (isDomainError(error)) {
      send(statusOfDomainError(error.code), error.code, error.message, error.details);
    } else if (error instanceof WrongExpectedRevisionError) {
      res.set('Retry-After', '1');
      send(409, 'CONCURRENT_MODIFICATION', 'The resource changed concurrently; retry the request');
    } else if (type === 'entity.parse.failed') {
      send(400, 'INVALID_JSON', 'The request body is not valid JSON');
    } else if (type === 'entity.too.large') {
      send(413, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${String(limit)} bytes`);
    } else if (typeof status === 'number' && status >= 400 && status < 500) {
      send(status, 'BAD_REQUEST', typeof message === 'string' ? message : 'Bad request');
    } else if (error instanceof StoreUnavailableError && error.reason === 'busy') {
      res.set('Retry-After', '1');
      send(503, 'STORE_BUSY', 'The store is busy; retry shortly');
    } else if (error instanceof StoreUnavailableError) {
      logger.warn({ err: error, method: req.method, path: req.path }, 'a store is unavailable');
      res.set('Retry-After', '2');
      send(503, 'STORE_UNAVAILABLE', 'A store is unavailable right now; retry shortly');
    } else {
      logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
      send(500, 'INTERNAL_ERROR', 'Something went wrong on our side');
    }
  };
