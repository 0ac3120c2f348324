import express, { Router } from 'express';
import swaggerUiDist from 'swagger-ui-dist';
import type { OpenApiDocument } from './document.js';

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
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

/** GET /openapi.json and GET /docs (Swagger UI, served from the swagger-ui-dist package: no CDN). */
export const docsRoutes = (document: OpenApiDocument) => {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });
  // Assets, like the files below: middleware, not API routes.
  router.use('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(init);
  });
  router.use('/docs/assets', express.static(swaggerUiDist.getAbsoluteFSPath(), { index: false, maxAge: '1h' }));
  return router;
};
