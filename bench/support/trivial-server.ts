import express from 'express';

/**
 * The HTTP baseline: the same framework and runtime as the API, doing nothing. Run as its own
 * process (like the API under test), so it gets a core of its own while the load generator
 * runs in the bench process.
 */
const app = express();
app.disable('x-powered-by');
app.get('/ping', (_req, res) => {
  res.json({ ok: true });
});
app.get('/health/ready', (_req, res) => {
  res.json({ status: 'ready' });
});
const server = app.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
server.keepAliveTimeout = 5_000;
process.once('SIGTERM', () => server.close(() => process.exit(0)));
