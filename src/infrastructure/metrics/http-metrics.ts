import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { Routes } from '../http/route.js';
import { type Metrics, outcomeOfStatus } from './metrics.js';

/** Status recorded for a request whose client went away before the answer was complete (nginx's convention). */
const CLIENT_CLOSED = 499;
const UNMATCHED = 'unmatched';

const singular = (word: string) => (word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.endsWith('s') ? word.slice(0, -1) : word);
const snake = (word: string) =>
  word
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();

/**
 * The command a POST route pattern stands for: the verb after the last parameter, then the
 * resources before it, singular — `/calls/:callId/accept` → `accept_call`,
 * `/operator/calls/:callId/cancel` → `cancel_operator_call`. A POST to a collection creates one
 * of it: `/drivers` → `create_driver`. A handler that knows a better name sets `res.locals.command`.
 */
export const commandNameOf = (routePath: string): string => {
  const segments = routePath.split('/').filter((segment) => segment !== '');
  const last = segments.at(-1);
  if (last === undefined) return 'root';
  const isParam = (segment: string) => segment.startsWith(':') || segment.startsWith('*');
  const endsWithVerb = !isParam(last) && segments.length > 1 && segments.slice(0, -1).some(isParam);
  const nouns = (endsWithVerb ? segments.slice(0, -1) : segments).filter((segment) => !isParam(segment)).map(singular);
  const verb = endsWithVerb ? last : 'create';
  return snake([verb, ...nouns].join('_'));
};

/**
 * The pattern of the route that answered, with the prefix it was mounted under (`/api`). After
 * an error left the router, Express has already restored `req.baseUrl`, so the prefix is taken
 * from the URL: the mount paths here are literal, so it is the URL minus the pattern's segments.
 */
export const routePatternOf = (req: Request): string | undefined => {
  const route: unknown = req.route;
  const routePath = typeof route === 'object' && route !== null && 'path' in route ? route.path : undefined;
  if (typeof routePath !== 'string') return undefined;
  const urlSegments = (req.originalUrl.split('?')[0] ?? '').split('/').filter((segment) => segment !== '');
  const patternSegments = routePath.split('/').filter((segment) => segment !== '');
  const prefix = urlSegments.slice(0, Math.max(0, urlSegments.length - patternSegments.length));
  return `/${[...prefix, ...patternSegments].join('/')}`;
};

const isCommand = (req: Request) => req.method === 'POST' && /^\/api(\/|$)/.test(req.originalUrl);

/**
 * Counts every request by route pattern (never by raw URL, which would make one series per
 * call id) and times every command: a POST under /api. Recorded when the response is done, the
 * only moment the matched route and the final status are both known.
 */
export const httpMetrics =
  (metrics: Metrics): RequestHandler =>
  (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('close', () => record(metrics, req, res, Number(process.hrtime.bigint() - started) / 1e9));
    next();
  };

const record = (metrics: Metrics, req: Request, res: Response, seconds: number) => {
  const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED;
  const route = routePatternOf(req);
  metrics.countHttpRequest(req.method, route ?? UNMATCHED, status);
  // Unmatched POSTs are 404s for paths nobody routes: no command was attempted.
  if (!isCommand(req) || route === undefined) return;
  const named: unknown = res.locals['command'];
  const command = typeof named === 'string' && named !== '' ? named : commandNameOf(route.replace(/^\/api/, ''));
  metrics.observeCommand(command, outcomeOfStatus(status), seconds);
};

/** Compared in constant time, so the token cannot be guessed a byte at a time. */
const bearerMatches = (header: string | undefined, token: string): boolean => {
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

type MetricsAccess = { metrics: Metrics; token?: string };

/** `GET /metrics` in Prometheus' text format, with the registry's own content type; behind `token` (METRICS_TOKEN) when one is configured. */
export const metricsRoutes = new Routes<MetricsAccess>({ base: '/', tag: 'operations' }).route({
  method: 'get',
  path: '/metrics',
  summary: 'Prometheus metrics',
  responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain', schema: z.string() } },
  handle: async (_input, { metrics, token }, { req, res }) => {
    const authorization = req.get('authorization');
    if (token !== undefined && !bearerMatches(authorization, token)) {
      // Another bearer (the console's own token) is a 403, not a 401 that would sign it out.
      if (authorization) res.status(403).json({ error: { code: 'FORBIDDEN', message: 'This token may not read the metrics' } });
      else
        res
          .set('WWW-Authenticate', 'Bearer realm="metrics"')
          .status(401)
          .json({ error: { code: 'UNAUTHENTICATED', message: 'The metrics token is required' } });
      return;
    }
    const { contentType, body } = await metrics.expose();
    res.set('Content-Type', contentType).send(body);
  },
});

export const metricsRoute = (metrics: Metrics, token?: string): Router => metricsRoutes.router({ metrics, token });
