import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { type ClientRateLimitInfo, ipKeyGenerator, type Store } from 'express-rate-limit';
import { LRUCache } from 'lru-cache';
import type { AuthenticatedActor } from '../auth/token-verifier.js';
import { sharedCounts, WindowCounts } from './rate-limits/window-counts.js';

/**
 * `store`: where hits are counted, one store per limiter (MongoDB when MONGO_URL is set, shared by
 * every replica); this process's memory when absent.
 */
export type RateLimits = { windowMs: number; perIp: number; perSubject: number; store?: (prefix: string) => Store };

const isCommand = (method: string) => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

/**
 * The IETF draft-8 headers express-rate-limit writes (`RateLimit`, `RateLimit-Policy` with its
 * `pk`, the key's SHA-256 cut to 12 hex digits), written here with the partition key remembered
 * per client: the library hashes the key afresh for every limiter on every request, which was
 * 2 % of a command's CPU in a profile. Same bytes on the wire; the demo reads `q` and `w`.
 */
const partitionKeys = new LRUCache<string, string>({ max: 20_000 });
const partitionKeyOf = (key: string): string => {
  let known = partitionKeys.get(key);
  if (known === undefined) {
    known = Buffer.from(createHash('sha256').update(key).digest('hex').slice(0, 12)).toString('base64');
    partitionKeys.set(key, known);
  }
  return known;
};

const windowName = (limit: number, windowMs: number) => {
  const seconds = windowMs / 1000;
  if (seconds < 60) return `${limit}-in-${seconds}sec`;
  const minutes = seconds / 60;
  if (minutes < 60) return `${limit}-in-${minutes}min`;
  const hours = minutes / 60;
  if (hours < 24) return `${limit}-in-${hours}hr${hours > 1 ? 's' : ''}`;
  const days = hours / 24;
  return `${limit}-in-${days}day${days > 1 ? 's' : ''}`;
};

/** What a limit keeps on the request for the headers: express-rate-limit's `RateLimitInfo`. */
type Info = { limit: number; used: number; remaining: number; resetTime: Date | undefined; key: string };

const setPolicyHeaders = (res: Response, info: Info, windowMs: number) => {
  if (res.headersSent) return;
  const resetSeconds = info.resetTime ? Math.max(0, Math.ceil((info.resetTime.getTime() - Date.now()) / 1000)) : Math.ceil(windowMs / 1000);
  const name = windowName(info.limit, windowMs);
  res.append('RateLimit', `"${name}"; r=${info.remaining}; t=${resetSeconds}`);
  res.append('RateLimit-Policy', `"${name}"; q=${info.limit}; w=${Math.ceil(windowMs / 1000)}; pk=:${partitionKeyOf(info.key)}:`);
};

type Counts = { hit: (key: string) => ClientRateLimitInfo | Promise<ClientRateLimitInfo> };

/**
 * A fixed-window limit: express-rate-limit's behaviour (its key per client IP, its counting, its
 * 429, its draft-8 headers), decided without its per-request machinery — four awaits, option
 * look-ups and checks meant for a developer's first requests were 3 % of a command's CPU in a
 * profile. Counted in this process (WindowCounts) or in a shared store (MongoDB, every replica).
 */
const limiter = (
  { windowMs, store }: Pick<RateLimits, 'windowMs' | 'store'>,
  limit: number,
  prefix: string,
  keyGenerator?: (res: { locals: Record<string, unknown> }) => string,
  counts: 'commands' | 'every request' = 'commands',
): RequestHandler => {
  const property = `rateLimit ${prefix}`;
  const windows: Counts = store ? sharedCounts(store(prefix), windowMs) : new WindowCounts(windowMs);
  const decide = (req: Request, res: Response, next: NextFunction, key: string, { totalHits, resetTime }: ClientRateLimitInfo) => {
    const info: Info = { limit, used: totalHits, remaining: Math.max(limit - totalHits, 0), resetTime, key };
    Reflect.set(req, property, info);
    setPolicyHeaders(res, info, windowMs);
    if (totalHits <= limit) return next();
    res.set('Retry-After', String(Math.ceil(windowMs / 1000)));
    res.status(429).json({ error: { code: 'RATE_LIMITED', message: 'Too many requests; retry after the time in Retry-After' } });
  };
  return (req, res, next) => {
    if (counts === 'commands' && !isCommand(req.method)) return next();
    // Not trusting X-Forwarded-For is deliberate (TRUST_PROXY): `req.ip` is the peer unless configured.
    const key = keyGenerator ? keyGenerator(res) : ipKeyGenerator(req.ip ?? '');
    const counted = windows.hit(key);
    if (!(counted instanceof Promise)) return decide(req, res, next, key, counted);
    // A shared store that cannot be reached lets requests through: limits protect the service, they must not stop it.
    counted.then(
      (hits) => decide(req, res, next, key, hits),
      () => next(),
    );
  };
};

/** Per client IP, before authentication: a flood of bad tokens is stopped cheaply. */
export const perIpLimit = (limits: RateLimits): RequestHandler[] => (limits.perIp > 0 ? [limiter(limits, limits.perIp, 'ip:')] : []);

const subjectKey = (res: { locals: Record<string, unknown> }) => {
  const actor = res.locals.actor as AuthenticatedActor;
  return `${actor.role}:${actor.id}`;
};

/** Per authenticated subject, after authentication: one passenger or driver cannot crowd out the rest. */
export const perSubjectLimit = (limits: RateLimits): RequestHandler[] =>
  limits.perSubject > 0 ? [limiter(limits, limits.perSubject, 'subject:', subjectKey)] : [];

/**
 * Per subject on one route, reads counted too: for a query whose answers, asked often enough,
 * would together tell more than each one does (the taxis near a place). `limit` 0: none.
 */
export const perSubjectRouteLimit = (
  route: string,
  { windowMs, limit, store }: { windowMs: number; limit: number; store?: RateLimits['store'] },
): RequestHandler[] => (limit > 0 ? [limiter({ windowMs, ...(store ? { store } : {}) }, limit, `route:${route}:`, subjectKey, 'every request')] : []);
