import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AuthenticatedActor } from '../auth/token-verifier.js';

export type RateLimits = { windowMs: number; perIp: number; perSubject: number };

const isCommand = (method: string) => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

const limiter = (windowMs: number, limit: number, keyGenerator?: (res: { locals: Record<string, unknown> }) => string): RequestHandler =>
  rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => !isCommand(req.method),
    ...(keyGenerator ? { keyGenerator: (_req, res) => keyGenerator(res) } : {}),
    handler: (_req, res) => {
      res.set('Retry-After', String(Math.ceil(windowMs / 1000)));
      res.status(429).json({ error: { code: 'RATE_LIMITED', message: 'Too many requests; retry after the time in Retry-After' } });
    },
  });

/** Per client IP, before authentication: a flood of bad tokens is stopped cheaply. */
export const perIpLimit = ({ windowMs, perIp }: RateLimits): RequestHandler[] => (perIp > 0 ? [limiter(windowMs, perIp)] : []);

/** Per authenticated subject, after authentication: one passenger or driver cannot crowd out the rest. */
export const perSubjectLimit = ({ windowMs, perSubject }: RateLimits): RequestHandler[] =>
  perSubject > 0
    ? [
        limiter(windowMs, perSubject, (res) => {
          const actor = res.locals.actor as AuthenticatedActor;
          return `${actor.role}:${actor.id}`;
        }),
      ]
    : [];
