import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { commandNameOf, httpMetrics, metricsRoute } from '../../src/infrastructure/metrics/http-metrics.js';
import { Metrics } from '../../src/infrastructure/metrics/metrics.js';

/** The value of one series in the text exposition, or undefined when the series is absent. */
const valueOf = (exposition: string, series: string): number | undefined => {
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('Metrics', () => {
  describe('on a registry of its own', () => {
    it('exposes the Node process metrics', async () => {
      const text = await new Metrics().registry.metrics();
      expect(text).to.match(/^taxi_process_cpu_user_seconds_total \d/m);
      expect(text).to.match(/^taxi_nodejs_eventloop_lag_seconds \d/m);
    });

    it('walks the handles and open descriptors at most every 15 s, answering the last count in between', async () => {
      const metrics = new Metrics();
      // Node's own (undocumented) walk that prom-client calls.
      const node = process as unknown as { _getActiveHandles: () => unknown[] };
      const walk = node._getActiveHandles;
      let walks = 0;
      node._getActiveHandles = () => ((walks += 1), walk.call(process));
      const listening = async () => {
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        return server;
      };
      const servers = [await listening()];
      try {
        const first = await metrics.expose();
        servers.push(await listening());
        const second = await metrics.expose();
        // Two series walk the handles (by type, and the total): once each, on the first scrape only.
        expect(walks).to.equal(2);
        const total = valueOf(first.body, 'taxi_nodejs_active_handles_total');
        expect(total).to.be.at.least(1);
        // A handle opened since is not counted until the next walk.
        expect(valueOf(second.body, 'taxi_nodejs_active_handles_total')).to.equal(total);
      } finally {
        node._getActiveHandles = walk;
        await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
      }
    });

    it('leaves them out when asked, and never touches the global registry', async () => {
      const { register } = await import('prom-client');
      const before = (await register.getMetricsAsJSON()).length;
      const metrics = new Metrics({ defaultMetrics: false });
      metrics.countPayment('approved');
      expect(await metrics.registry.metrics()).not.to.contain('taxi_process_cpu_user_seconds_total');
      expect((await register.getMetricsAsJSON()).length).to.equal(before);
    });

    it('lets two instances live side by side without sharing counts', async () => {
      const first = new Metrics({ defaultMetrics: false });
      const second = new Metrics({ defaultMetrics: false });
      first.countPayment('approved');
      expect(valueOf(await first.registry.metrics(), 'taxi_payments_total{outcome="approved"}')).to.equal(1);
      expect(valueOf(await second.registry.metrics(), 'taxi_payments_total{outcome="approved"}')).to.equal(0);
    });

    it('says which build runs, prefixed like every other series', async () => {
      const text = await new Metrics({ build: { version: '1.2.3' } }).registry.metrics();
      expect(valueOf(text, `taxi_build_info{version="1.2.3",node="${process.version}"}`)).to.equal(1);
      const names = text
        .split('\n')
        .filter((line) => line.startsWith('# TYPE '))
        .map((line) => line.split(' ')[2]);
      expect(names.filter((name) => !name?.startsWith('taxi_'))).to.deep.equal([]);
    });

    it('adds the default labels to every series', async () => {
      const metrics = new Metrics({ defaultMetrics: false, defaultLabels: { role: 'api' } });
      metrics.countPayment('deferred');
      expect(valueOf(await metrics.registry.metrics(), 'taxi_payments_total{outcome="deferred",role="api"}')).to.equal(1);
    });
  });

  describe('commands', () => {
    it('counts and times them by command and outcome', async () => {
      const metrics = new Metrics({ defaultMetrics: false });
      metrics.observeCommand('accept_call', 'ok', 0.02);
      metrics.observeCommand('accept_call', 'rejected', 0.003);
      metrics.observeCommand('accept_call', 'rejected', 0.004);
      const text = await metrics.registry.metrics();
      expect(valueOf(text, 'taxi_commands_total{command="accept_call",outcome="ok"}')).to.equal(1);
      expect(valueOf(text, 'taxi_commands_total{command="accept_call",outcome="rejected"}')).to.equal(2);
      expect(valueOf(text, 'taxi_command_duration_seconds_count{command="accept_call",outcome="rejected"}')).to.equal(2);
      expect(valueOf(text, 'taxi_command_duration_seconds_bucket{le="0.005",command="accept_call",outcome="rejected"}')).to.equal(2);
      expect(valueOf(text, 'taxi_command_duration_seconds_bucket{le="0.01",command="accept_call",outcome="ok"}')).to.equal(0);
      expect(valueOf(text, 'taxi_command_duration_seconds_sum{command="accept_call",outcome="ok"}')).to.be.closeTo(0.02, 1e-9);
    });
  });

  describe('operations', () => {
    it('times dispatch from the request to the first offer and to the accept', async () => {
      const metrics = new Metrics({ defaultMetrics: false });
      metrics.observeDispatch('first_offer', 1.5);
      metrics.observeDispatch('accept', 40);
      const text = await metrics.registry.metrics();
      expect(valueOf(text, 'taxi_dispatch_time_to_first_offer_seconds_bucket{le="2"}')).to.equal(1);
      expect(valueOf(text, 'taxi_dispatch_time_to_first_offer_seconds_bucket{le="1"}')).to.equal(0);
      expect(valueOf(text, 'taxi_dispatch_time_to_accept_seconds_sum')).to.equal(40);
    });

    it('counts open event streams, each closed once however often it says so', async () => {
      const metrics = new Metrics({ defaultMetrics: false });
      const closeFirst = metrics.streamOpened('call');
      metrics.streamOpened('call');
      closeFirst();
      closeFirst();
      expect(valueOf(await metrics.registry.metrics(), 'taxi_sse_open_streams{stream="call"}')).to.equal(1);
    });

    it('asks each backlog at scrape time, and reads 0 for one nobody reports', async () => {
      const metrics = new Metrics({ defaultMetrics: false });
      let letters = 3;
      metrics.registerBacklog('notification_dead_letters', async () => letters);
      expect(valueOf(await metrics.registry.metrics(), 'taxi_notification_dead_letters')).to.equal(3);
      letters = 0;
      const text = await metrics.registry.metrics();
      expect(valueOf(text, 'taxi_notification_dead_letters')).to.equal(0);
      expect(valueOf(text, 'taxi_payment_retry_backlog')).to.equal(0);
    });
  });

  describe('projections', () => {
    it('reports position and lag from the callback at scrape time', async () => {
      const metrics = new Metrics({ defaultMetrics: false });
      let progress = { position: 40, head: 100, lagSeconds: 7.5 };
      metrics.registerProjectionLag('dashboard', async () => progress);
      let text = await metrics.registry.metrics();
      expect(valueOf(text, 'taxi_projection_position{projection="dashboard"}')).to.equal(40);
      expect(valueOf(text, 'taxi_projection_lag_events{projection="dashboard"}')).to.equal(60);
      expect(valueOf(text, 'taxi_projection_lag_seconds{projection="dashboard"}')).to.equal(7.5);
      progress = { position: 100, head: 100, lagSeconds: 0 };
      text = await metrics.registry.metrics();
      expect(valueOf(text, 'taxi_projection_lag_events{projection="dashboard"}')).to.equal(0);
      expect(valueOf(text, 'taxi_projection_lag_seconds{projection="dashboard"}')).to.equal(0);
    });

    it('asks each projection once per scrape', async () => {
      const metrics = new Metrics({ defaultMetrics: false });
      let asked = 0;
      metrics.registerProjectionLag('call-list', async () => {
        asked += 1;
        return { position: 1, head: 2, lagSeconds: 1 };
      });
      await metrics.registry.metrics();
      expect(asked).to.equal(1);
    });

    it('leaves out a projection whose store does not answer, and keeps the others', async () => {
      const metrics = new Metrics({ defaultMetrics: false });
      metrics.registerProjectionLag('dashboard', async () => ({ position: 5, head: 5, lagSeconds: 0 }));
      metrics.registerProjectionLag('notifications', async () => {
        throw new Error('read store down');
      });
      const text = await metrics.registry.metrics();
      expect(valueOf(text, 'taxi_projection_lag_events{projection="dashboard"}')).to.equal(0);
      expect(text).not.to.contain('projection="notifications"');
    });

    it('stops reporting a projection once it is unregistered', async () => {
      const metrics = new Metrics({ defaultMetrics: false });
      const unregister = metrics.registerProjectionLag('drivers', async () => ({ position: 1, head: 3, lagSeconds: 2 }));
      expect(valueOf(await metrics.registry.metrics(), 'taxi_projection_lag_events{projection="drivers"}')).to.equal(2);
      unregister();
      expect(await metrics.registry.metrics()).not.to.contain('projection="drivers"');
    });
  });

  describe('followers', () => {
    it("reports each follower's position and lag from one sample per scrape", async () => {
      const metrics = new Metrics({ defaultMetrics: false });
      let asked = 0;
      metrics.registerFollowerProgress(async () => {
        asked += 1;
        return new Map([['process:notifier', { position: 40, head: 100, lagSeconds: 7.5 }]]);
      });
      const text = await metrics.registry.metrics();
      expect(valueOf(text, 'taxi_follower_position{follower="process:notifier"}')).to.equal(40);
      expect(valueOf(text, 'taxi_follower_lag_events{follower="process:notifier"}')).to.equal(60);
      expect(valueOf(text, 'taxi_follower_lag_seconds{follower="process:notifier"}')).to.equal(7.5);
      expect(asked).to.equal(1);
    });

    it('leaves the followers out of a scrape when their store does not answer, and keeps the rest', async () => {
      const metrics = new Metrics({ defaultMetrics: false });
      metrics.registerProjectionLag('dashboard', async () => ({ position: 5, head: 5, lagSeconds: 0 }));
      metrics.registerFollowerProgress(async () => {
        throw new Error('checkpoint store down');
      });
      const text = await metrics.registry.metrics();
      expect(valueOf(text, 'taxi_projection_lag_events{projection="dashboard"}')).to.equal(0);
      expect(text).not.to.contain('follower="');
    });
  });

  describe('circuit breakers and payments', () => {
    it('maps breaker states to 0, 1 and 2', async () => {
      const metrics = new Metrics({ defaultMetrics: false });
      metrics.setBreakerState('payment-gateway', 'open');
      metrics.setBreakerState('webhook', 'half-open');
      metrics.setBreakerState('mongo', 'closed');
      const text = await metrics.registry.metrics();
      expect(valueOf(text, 'taxi_circuit_breaker_state{breaker="payment-gateway"}')).to.equal(2);
      expect(valueOf(text, 'taxi_circuit_breaker_state{breaker="webhook"}')).to.equal(1);
      expect(valueOf(text, 'taxi_circuit_breaker_state{breaker="mongo"}')).to.equal(0);
    });

    it('counts payments by outcome, every outcome present from zero', async () => {
      const metrics = new Metrics({ defaultMetrics: false });
      metrics.countPayment('refunded');
      metrics.countPayment('refunded');
      const text = await metrics.registry.metrics();
      expect(valueOf(text, 'taxi_payments_total{outcome="refunded"}')).to.equal(2);
      for (const outcome of ['approved', 'deferred', 'failed']) expect(valueOf(text, `taxi_payments_total{outcome="${outcome}"}`)).to.equal(0);
    });
  });
});

describe('Command names from route patterns', () => {
  const cases: [string, string][] = [
    ['/calls/:callId/accept', 'accept_call'],
    ['/calls/:callId/finish', 'finish_call'],
    ['/drivers/:driverId/online', 'online_driver'],
    ['/calls', 'create_call'],
    ['/drivers', 'create_driver'],
    ['/operator/calls/:callId/cancel', 'cancel_operator_call'],
    ['/tariffs/:rideType', 'create_tariff'],
    ['/payments/:paymentId/retry-now', 'retry_now_payment'],
    ['/categories/:id/close', 'close_category'],
  ];
  for (const [pattern, name] of cases) {
    it(`names POST ${pattern} "${name}"`, () => {
      expect(commandNameOf(pattern)).to.equal(name);
    });
  }
});

describe('HTTP metrics middleware', () => {
  let server: Server;
  let base: string;
  let metrics: Metrics;

  before(async () => {
    metrics = new Metrics({ defaultMetrics: false });
    const app = express();
    app.use(httpMetrics(metrics));
    app.use(metricsRoute(metrics));
    app.get('/health/live', (_req, res) => void res.json({ status: 'live' }));
    const api = express.Router();
    api.post('/calls/:callId/accept', (req, res) => {
      if (req.params.callId === 'taken') throw Object.assign(new Error('already dispatched'), { status: 409 });
      if (req.params.callId === 'broken') throw new Error('boom');
      res.json({ status: 'DISPATCHED' });
    });
    api.post('/calls', (_req, res) => {
      res.locals['command'] = 'request_call';
      res.status(201).json({ status: 'REQUESTED' });
    });
    app.use('/api', api);
    app.use((_req: express.Request, res: express.Response) => void res.status(404).json({}));
    app.use((error: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(error.status ?? 500).json({});
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    for (const id of ['c1', 'c2', 'taken', 'broken']) await fetch(`${base}/api/calls/${id}/accept`, { method: 'POST' });
    await fetch(`${base}/api/calls`, { method: 'POST' });
    await fetch(`${base}/health/live`);
    await fetch(`${base}/api/nowhere/${Math.random()}`, { method: 'POST' });
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const scrape = async () => {
    const response = await fetch(`${base}/metrics`);
    return { contentType: response.headers.get('content-type'), text: await response.text() };
  };

  it('serves the registry on GET /metrics with its content type', async () => {
    const { contentType, text } = await scrape();
    expect(contentType).to.contain('text/plain').and.to.contain('version=0.0.4');
    expect(text).to.contain('# TYPE taxi_commands_total counter');
  });

  it('records commands by the name of their route, with the outcome of the status', async () => {
    const { text } = await scrape();
    expect(valueOf(text, 'taxi_commands_total{command="accept_call",outcome="ok"}')).to.equal(2);
    expect(valueOf(text, 'taxi_commands_total{command="accept_call",outcome="rejected"}')).to.equal(1);
    expect(valueOf(text, 'taxi_commands_total{command="accept_call",outcome="error"}')).to.equal(1);
    expect(valueOf(text, 'taxi_command_duration_seconds_count{command="accept_call",outcome="ok"}')).to.equal(2);
  });

  it('prefers the name a handler gives its command', async () => {
    const { text } = await scrape();
    expect(valueOf(text, 'taxi_commands_total{command="request_call",outcome="ok"}')).to.equal(1);
    expect(text).not.to.contain('command="create_call"');
  });

  it('counts requests by the route pattern with its mount prefix, also when the handler threw', async () => {
    const { text } = await scrape();
    expect(valueOf(text, 'taxi_http_requests_total{method="POST",route="/api/calls/:callId/accept",status="200"}')).to.equal(2);
    expect(valueOf(text, 'taxi_http_requests_total{method="POST",route="/api/calls/:callId/accept",status="409"}')).to.equal(1);
    expect(valueOf(text, 'taxi_http_requests_total{method="POST",route="/api/calls/:callId/accept",status="500"}')).to.equal(1);
    expect(valueOf(text, 'taxi_http_requests_total{method="GET",route="/health/live",status="200"}')).to.equal(1);
  });

  it('keeps unrouted paths out of the labels and out of the commands', async () => {
    const { text } = await scrape();
    expect(valueOf(text, 'taxi_http_requests_total{method="POST",route="unmatched",status="404"}')).to.equal(1);
    expect(text).not.to.contain('nowhere');
    expect(text).not.to.match(/taxi_commands_total\{command="create_nowhere/);
  });

  it('records a request whose client hung up as 499', async () => {
    const slow = express();
    const local = new Metrics({ defaultMetrics: false });
    slow.use(httpMetrics(local));
    let arrived!: () => void;
    const reachedRoute = new Promise<void>((resolve) => (arrived = resolve));
    slow.get('/slow', (_req, _res) => arrived()); // never answers
    const slowServer = createServer(slow);
    await new Promise<void>((resolve) => slowServer.listen(0, '127.0.0.1', resolve));
    const { port } = slowServer.address() as AddressInfo;
    const closed = new Promise<void>((resolve) => slowServer.once('connection', (socket) => socket.once('close', () => setImmediate(resolve))));
    const req = httpRequest({ host: '127.0.0.1', port, path: '/slow' });
    req.on('error', () => undefined);
    req.end();
    // Hung up once the request is in the route, so the metrics middleware saw it begin.
    await reachedRoute;
    req.destroy();
    await closed;
    slowServer.closeAllConnections();
    await new Promise((resolve) => slowServer.close(resolve));
    expect(valueOf(await local.registry.metrics(), 'taxi_http_requests_total{method="GET",route="/slow",status="499"}')).to.equal(1);
  });
});
