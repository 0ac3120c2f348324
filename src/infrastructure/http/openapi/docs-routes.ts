import { join } from 'node:path';
import { Router } from 'express';
import swaggerUiDist from 'swagger-ui-dist';
import { z } from 'zod';
import { notFoundRoute } from '../errors.js';
import { Routes } from '../route.js';
import { ok } from './doc-helpers.js';
import type { OpenApiDocument } from './document.js';

const DOCS_ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'] as const;

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Taxi dispatch API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

// A file, not an inline script, so helmet's Content-Security-Policy (script-src 'self') allows it.
// validatorUrl null: the page must not call the public validator; it works offline.
const init = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  // The bearer token stays in the page's memory: localStorage would keep it on a shared computer.
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

/** This document. */
export const specRoutes = new Routes<OpenApiDocument>({ base: '/', tag: 'operations' }).route({
  method: 'get',
  path: '/openapi.json',
  summary: 'This document',
  responses: { 200: ok('OpenAPI 3.1', z.record(z.string(), z.unknown())) },
  handle: (_input, document) => document,
});

/** The interactive docs (Swagger UI, served from the swagger-ui-dist package: no CDN). */
export const docsPageRoutes = new Routes({ base: '/', tag: 'operations' }).route({
  method: 'get',
  path: '/docs',
  summary: 'Interactive API documentation',
  responses: { 200: { description: 'An HTML page', contentType: 'text/html', schema: z.string() } },
  handle: (_input, _deps, { res }) => {
    res.type('html').send(page);
  },
});

/** GET /openapi.json and GET /docs with the files its page loads. */
export const docsRoutes = (document: OpenApiDocument) => {
  const router = Router();
  router.use(specRoutes.router(document), docsPageRoutes.router());
  // Assets, like the files below: middleware, not API routes.
  router.use('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(init);
  });
  // Only the three files the page loads: not the package's petstore page, initializer or source maps.
  for (const file of DOCS_ASSETS) {
    router.use(`/docs/assets/${file}`, (_req, res) => {
      res.sendFile(join(swaggerUiDist.getAbsoluteFSPath(), file), { maxAge: '1h' });
    });
  }
  // Anything else there is no file of ours (not the console's page either).
  router.use('/docs/assets', notFoundRoute);
  return router;
};
