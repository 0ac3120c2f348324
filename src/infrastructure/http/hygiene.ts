import cors from 'cors';
import type { Express, RequestHandler } from 'express';
import { HttpError } from './errors.js';
import { pathPattern, servedRoutes } from './route-table.js';

/**
 * CORS for the listed origins (`*` for any); none listed, no CORS headers: same origin only.
 * Mounted before authentication, so a browser's preflight is answered without a token.
 */
export const corsFor = (origins: readonly string[]): RequestHandler[] =>
  origins.length === 0
    ? []
    : [
        cors({
          origin: origins.includes('*') ? '*' : [...origins],
          exposedHeaders: ['X-Request-Id', 'Retry-After', 'Idempotent-Replayed', 'X-Read-Model-Stale', 'WWW-Authenticate'],
          maxAge: 600,
        }),
      ];

const hasBody = (headers: Record<string, string | string[] | undefined>) =>
  headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');

/** Every command takes JSON: a body of another type is refused (415), not silently ignored. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const type = req.headers['content-type'];
  // The common case without parsing the media type (req.is does, on every request).
  const plainJson = type !== undefined && /^application\/json(\s*;|$)/i.test(type);
  if (plainJson || !['POST', 'PUT', 'PATCH'].includes(req.method) || !hasBody(req.headers) || req.is(['application/json', 'application/*+json'])) {
    next();
    return;
  }
  next(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `The request body must be application/json, not ${req.get('content-type') ?? 'untyped'}`));
};

/**
 * Every query value is one plain string. A repeated name (an array) or a name with brackets
 * (`passengerId[$ne]=x`, the shape of an operator injection) is refused here, for every route,
 * instead of being ignored by one and misread by another.
 */
export const requirePlainQuery: RequestHandler = (req, _res, next) => {
  const bad = Object.entries(req.query as Record<string, unknown>)
    .filter(([name, value]) => typeof value !== 'string' || /[[\]]/.test(name))
    .map(([name]) => ({ field: name, problem: 'Expected one plain value' }));
  next(
    bad.length === 0 ? undefined : new HttpError(400, 'VALIDATION_ERROR', `Invalid query: ${bad.map((b) => b.field).join(', ')}`, { fields: bad }),
  );
};

/**
 * API answers carry personal data (dashboard entries, exports, notifications, histories,
 * receipts): no browser or proxy cache keeps a copy of any of them.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/**
 * 405 with `Allow` for a path the app serves with other methods. The table is read from the
 * router on first use, once every route is mounted.
 */
export const methodNotAllowed = (app: Express): RequestHandler => {
  let table: Array<{ pattern: RegExp; method: string }> | undefined;
  return (req, _res, next) => {
    table ??= servedRoutes(app).map(({ method, path }) => ({ pattern: pathPattern(path), method: method.toUpperCase() }));
    const allowed = new Set(table.filter(({ pattern }) => pattern.test(req.path)).map(({ method }) => method));
    if (allowed.size === 0 || req.method === 'OPTIONS') {
      next();
      return;
    }
    if (allowed.has('GET')) allowed.add('HEAD');
    const allow = [...allowed].sort().join(', ');
    next(new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}; allowed: ${allow}`, undefined, { Allow: allow }));
  };
};
