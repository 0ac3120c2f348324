import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server as NetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { StreamTickets } from './auth/stream-tickets.js';
import type { TokenVerifier } from './auth/token-verifier.js';
import type { Config } from './config/config.js';
import type { Metrics } from './metrics/metrics.js';
import { createHttpApp } from './http/app.js';
import { metricsRoute } from './metrics/http-metrics.js';
import type { DriverChannel } from './http/channel/driver-channel.js';
import { mongoRateLimitStores } from './http/rate-limits/mongo-rate-limit-store.js';
import type { ReadinessCheck } from './http/routes/health.js';
import { consoleRoutes } from './http/routes/console.js';
import type { Lifecycle } from './lifecycle.js';

// eslint-disable-next-line @typescript-eslint/unbound-method -- called with `.call(server, …)` below, on purpose
const netClose = NetServer.prototype.close;
const IDLE_CLOSE_AFTER_MS = 1_000;

/** Rate limits counted in MongoDB when it is configured, so replicas share them; in memory otherwise. */
const sharedRateLimitStore = (config: Config, lifecycle: Lifecycle) => {
  if (!config.MONGO_URL) return {};
  const stores = mongoRateLimitStores(config.MONGO_URL, config.MONGO_DB);
  lifecycle.onStop('rate limit store', () => stores.close());
  return { store: stores.storeFor };
};

/** `url` is where to reach it from this machine; `listensOn` is the address it is bound to. */
export type RunningServer = { server: Server; url: string; listensOn: string; metricsUrl?: string; stop: () => Promise<void> };

const listen = async (server: Server, port: number, host: string): Promise<number> => {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return (server.address() as AddressInfo).port;
};

/** METRICS_PORT: /metrics alone on its own port, for a scraper on a private network; its URL. */
const startMetricsServer = async (config: Config, metrics: Metrics, lifecycle: Lifecycle, host: string): Promise<string> => {
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsRoute(metrics, config.METRICS_TOKEN));
  const server = createServer(app);
  const port = await listen(server, config.METRICS_PORT!, config.HOST);
  lifecycle.onStop('metrics http', () => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://${host}:${port}`;
};

export type HttpServerDependencies = {
  config: Config;
  logger: Logger;
  lifecycle: Lifecycle;
  verifier: TokenVerifier;
  streamTickets: StreamTickets;
  metrics: Metrics;
  readiness: ReadinessCheck[];
  /** Served under /api; none in the projector and workers roles, which serve only probes and metrics. */
  apiRouters: Router[];
  publicRouters: Router[];
  /** The drivers' WebSocket channel, in the processes that serve the API. */
  channel?: Pick<DriverChannel, 'upgrade' | 'start' | 'stop'>;
};

/** Upgrades go to the driver channel; any other is answered 404 and closed. */
const routeUpgrades = (server: Server, channel: HttpServerDependencies['channel']) => {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (channel?.upgrade(req, socket, head)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
};

/**
 * Stops accepting and lets in-flight answers finish: quiet sockets close a second later, the rest
 * after their own answer, and whatever still lingers when the grace period ends is cut.
 */
const gracefulStop = (server: Server, graceMs: number) => () =>
  new Promise<void>((resolve) => {
    const forceAfter = setTimeout(() => server.closeAllConnections(), graceMs);
    forceAfter.unref();
    // A socket still idle a second later belongs to a client that has gone quiet; a busy one
    // was told to close after its answer. Closing the quiet ones keeps the stop short.
    const closeQuiet = setTimeout(() => server.closeIdleConnections(), IDLE_CLOSE_AFTER_MS);
    closeQuiet.unref();
    // net.Server's close, not http.Server's: stop accepting, but do not destroy the sockets
    // http considers idle — one of them may carry a request already on the wire, which would
    // be reset. Every answer now says `Connection: close`, so each socket ends after its own
    // answer; the grace period ends whatever still lingers.
    netClose.call(server, () => {
      clearTimeout(forceAfter);
      clearTimeout(closeQuiet);
      resolve();
    });
  });

/**
 * Starts HTTP and registers its graceful stop: readiness turns 503 first, the server stops
 * accepting, in-flight requests finish and every connection closes after its last answer; only
 * after the grace period are lingering connections cut.
 */
export const startHttpServer = async (deps: HttpServerDependencies): Promise<RunningServer> => {
  const { config, logger, lifecycle } = deps;
  const app = createHttpApp({
    logger,
    apiRouters: deps.apiRouters,
    publicRouters: deps.publicRouters,
    verifier: deps.verifier,
    streamTickets: deps.streamTickets,
    metrics: deps.metrics,
    rateLimits: {
      windowMs: config.RATE_LIMIT_WINDOW_MS,
      perIp: config.RATE_LIMIT_PER_IP,
      perSubject: config.RATE_LIMIT_PER_SUBJECT,
      ...sharedRateLimitStore(config, lifecycle),
    },
    readiness: deps.readiness,
    isShuttingDown: () => lifecycle.isShuttingDown,
    bodyLimit: config.BODY_LIMIT,
    trustProxy: config.TRUST_PROXY,
    corsOrigins: config.CORS_ORIGINS,
    consoleRouter: consoleRoutes(config),
    metricsAccess: config.METRICS_PORT === undefined ? { ...(config.METRICS_TOKEN ? { token: config.METRICS_TOKEN } : {}) } : false,
  });
  const server = createServer(
    {
      keepAliveTimeout: 5_000,
      headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
      // Node looks for requests past those timeouts every 30 s by default: too late for a flood.
      connectionsCheckingInterval: Math.min(1_000, config.HTTP_HEADERS_TIMEOUT_MS),
    },
    app,
  );
  routeUpgrades(server, deps.channel);
  // Not awaited: the offer board it starts may read some of the log, and a driver who connects
  // before it is done simply waits for it (DriverUpdates.subscribe).
  deps.channel?.start().catch((error: unknown) => logger.warn({ err: error }, 'driver channel updates not started; channels will retry on connect'));
  const port = await listen(server, config.PORT, config.HOST);
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const metricsUrl = config.METRICS_PORT === undefined ? undefined : await startMetricsServer(config, deps.metrics, lifecycle, host);

  const stop = gracefulStop(server, config.SHUTDOWN_GRACE_MS);
  lifecycle.onStop('http', stop);
  // Registered after HTTP, so stopped before it: an open channel would hold the server's close.
  const { channel } = deps;
  if (channel) lifecycle.onStop('driver channel', () => channel.stop());
  const bound = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return {
    server,
    url: `http://${host}:${port}`,
    listensOn: `${bound}:${port}`,
    ...(metricsUrl ? { metricsUrl } : {}),
    stop: () => lifecycle.stop(),
  };
};
