import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import { ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';

/** What the console needs to know before signing in: public settings only, never a secret. */
export const consoleConfigResponseSchema = z.object({
  authMode: z.enum(['dev', 'jwks']),
  oidc: z.object({ authority: z.string(), clientId: z.string(), scope: z.string() }).nullable(),
  mapTilesUrl: z.string().nullable(),
  serviceTimeZone: z.string(),
});
export type ConsoleConfig = z.infer<typeof consoleConfigResponseSchema>;

type ConsoleSettings = Pick<
  Config,
  'AUTH_MODE' | 'AUTH_ISSUER' | 'OIDC_AUTHORITY' | 'OIDC_CLIENT_ID' | 'OIDC_SCOPE' | 'MAP_TILES_URL' | 'SERVICE_TIME_ZONE' | 'WEB_DIST_DIR'
>;

export const consoleConfigOf = (config: ConsoleSettings): ConsoleConfig => {
  const authority = config.OIDC_AUTHORITY ?? config.AUTH_ISSUER;
  return {
    authMode: config.AUTH_MODE,
    oidc:
      config.AUTH_MODE === 'jwks' && authority && config.OIDC_CLIENT_ID
        ? { authority, clientId: config.OIDC_CLIENT_ID, scope: config.OIDC_SCOPE }
        : null,
    mapTilesUrl: config.MAP_TILES_URL ?? null,
    serviceTimeZone: config.SERVICE_TIME_ZONE,
  };
};

const originOf = (url: string | null | undefined) => {
  try {
    return url ? new URL(url.replace(/\{[a-z]\}/g, 'a')).origin : null;
  } catch {
    return null;
  }
};

/**
 * Helmet's policy allows only this origin; the console page also loads tiles from the tile server
 * and talks to the identity provider, so its own document widens exactly those two directives.
 */
const contentSecurityPolicy = (console: ConsoleConfig) => {
  const tiles = originOf(console.mapTilesUrl);
  const idp = originOf(console.oidc?.authority);
  return [
    "default-src 'self'",
    "base-uri 'self'",
    "font-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'self'",
    `img-src 'self' data:${tiles ? ` ${tiles}` : ''}`,
    `connect-src 'self'${idp ? ` ${idp}` : ''}`,
    "object-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
  ].join(';');
};

/** Paths that belong to the API, the probes and the metrics: never answered with the console. */
const NOT_CONSOLE = /^\/(api|health|metrics)(\/|$)/;

type ConsoleFiles = { settings: ConsoleConfig; index: string };

/** The console's page, or how to build it when there is none. */
const sendIndex = ({ settings, index }: ConsoleFiles, res: Response) => {
  if (!existsSync(index)) {
    res.status(503).type('text/plain').send('The web console is not built yet: run `npm run build:web` (npm start does it).\n');
    return;
  }
  res.set('Content-Security-Policy', contentSecurityPolicy(settings)).set('Cache-Control', 'no-cache').sendFile(index);
};

/** Its settings and its entry. */
export const consoleDocumentRoutes = new Routes<ConsoleFiles>({ base: '/', tag: 'console' })
  .route({
    method: 'get',
    path: '/console-config.json',
    summary: "The web console's public settings (never a secret)",
    responses: {
      200: {
        ...ok('How the console signs in, its map tiles and the service time zone', consoleConfigResponseSchema, {
          authMode: 'dev',
          oidc: null,
          mapTilesUrl: null,
          serviceTimeZone: 'Asia/Seoul',
        }),
        headers: { 'Cache-Control': 'no-store' },
      },
    },
    handle: (_input, { settings }, { res }) => {
      res.set('Cache-Control', 'no-store');
      return consoleConfigResponseSchema.parse(settings);
    },
  })
  /*
   * Not declared, on purpose: the console's built files (express.static) and the rest of its
   * catch-all, which answers any other GET outside /api, /health and /metrics with the same page
   * (pages the browser routes, /driver/…). They are a static web app, not API operations: no JSON,
   * no fixed path (OpenAPI cannot say "any path"), nothing a client calls.
   */
  .route({
    method: 'get',
    path: '/',
    summary: 'The web console (passenger, driver, operator)',
    description: 'Any other GET outside /api, /health and /metrics answers the same page.',
    responses: {
      200: { description: "The console's index.html", contentType: 'text/html', schema: z.string() },
      503: { description: 'The console is not built (npm run build:web)', contentType: 'text/plain', schema: z.string() },
    },
    handle: (_input, files, { res }) => sendIndex(files, res),
  });

/**
 * The web console: its public settings, its built files, and index.html for any other GET path
 * (the console routes in the browser). Without a build it says how to make one.
 */
export const consoleRoutes = (config: ConsoleSettings) => {
  const router = Router();
  const dist = resolve(config.WEB_DIST_DIR);
  const files = { settings: consoleConfigOf(config), index: resolve(dist, 'index.html') };
  router.use(consoleDocumentRoutes.router(files));
  router.use(
    express.static(dist, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, path) => path.includes('/assets/') && res.set('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  const spa: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_CONSOLE.test(req.path)) return next();
    sendIndex(files, res);
  };
  router.use(spa);
  return router;
};
