import type { RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import type { AuthenticatedActor } from '../auth/token-verifier.js';

/**
 * `store`: where hits are counted, one store per limiter (MongoDB when MONGO_URL is set, shared by
 * every replica); this process's memory when absent.
 */
export type RateLimits = { windowMs: number; perIp: number; perSubject: number; store?: (prefix: string) => Store };

const isCommand = (method: string) => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

const limiter = (
  { windowMs, store }: Pick<RateLimits, 'windowMs' | 'store'>,
  limit: number,
  prefix: string,
  keyGenerator?: (res: { locals: Record<string, unknown> }) => string,
  counts: 'commands' | 'every request' = 'commands',
): RequestHandler =>
  rateLimit({
    windowMs,
    limit,
    // A shared store that cannot be reached lets requests through: limits protect the service, they must not stop it.
    ...(store ? { store: store(prefix), passOnStoreError: true } : {}),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => counts === 'commands' && !isCommand(req.method),
    // Not trusting X-Forwarded-For is deliberate (TRUST_PROXY): a client sending one is no misconfiguration.
    validate: { xForwardedForHeader: false },
    ...(keyGenerator ? { keyGenerator: (_req, res) => keyGenerator(res) } : {}),
    handler: (_req, res) => {
      res.set('Retry-After', String(Math.ceil(windowMs / 1000)));
      res.status(429).json({ error: { code: 'RATE_LIMITED', message: 'Too many requests; retry after the time in Retry-After' } });
    },
  });

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
