import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express, { type ErrorRequestHandler, type RequestHandler, Router } from 'express';
import { oneApiRouter } from '../../../src/infrastructure/http/api-routers.js';
import { servedRoutes } from '../../../src/infrastructure/http/route-table.js';

/** A router whose every entry (express calls `handle`) is counted under its name. */
const counted = (name: string, entered: string[], build: (router: Router) => void): Router => {
  const router = Router();
  build(router);
  // Express's types omit the router's `handle`, which calling the router runs.
  const handle = (Reflect.get(router, 'handle') as RequestHandler).bind(router);
  const counting: RequestHandler = (req, res, next) => {
    entered.push(name);
    void handle(req, res, next);
  };
  Reflect.set(router, 'handle', counting);
  return router;
};

describe('The API routers mounted as one', () => {
  const entered: string[] = [];
  const seen: string[] = [];
  let server: Server;
  let url: string;
  const app = express();
  const routers = [
    counted('calls', entered, (r) => r.post('/calls', (_req, res) => void res.json({ router: 'calls' }))),
    counted('stamp', entered, (r) =>
      r.use((req, _res, next) => {
        seen.push(req.path);
        next();
      }),
    ),
    counted('drivers', entered, (r) => {
      r.get('/drivers/:driverId', (req, res) => void res.json({ router: 'drivers', driverId: req.params.driverId }));
      r.post('/drivers/:driverId/fail', () => {
        throw new Error('failed in a route');
      });
    }),
    counted('more drivers', entered, (r) => r.post('/drivers/:driverId/online', (_req, res) => void res.json({ router: 'more drivers' }))),
  ];
  app.use('/api', oneApiRouter(routers));
  app.use((_req, res) => void res.status(404).json({ router: 'none' }));
  const onError: ErrorRequestHandler = (error: Error, _req, res, _next) => void res.status(500).json({ error: error.message });
  app.use(onError);

  before(async () => {
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    entered.length = 0;
    seen.length = 0;
  });

  const send = async (method: string, path: string) => {
    const response = await fetch(`${url}${path}`, { method });
    return { status: response.status, body: method === 'HEAD' ? null : ((await response.json()) as object) };
  };

  it('enters only the routers that serve the method and path, and middleware routers, in their order', async () => {
    expect(await send('GET', '/Drivers/d-7')).to.deep.equal({ status: 200, body: { router: 'drivers', driverId: 'd-7' } });
    expect(entered).to.deep.equal(['stamp', 'drivers']);
    expect(seen).to.deep.equal(['/Drivers/d-7']);
  });

  it('reaches a route in a later router without entering the earlier ones that do not serve it', async () => {
    expect(await send('POST', '/drivers/d-7/online')).to.deep.equal({ status: 200, body: { router: 'more drivers' } });
    expect(entered).to.deep.equal(['stamp', 'more drivers']);
  });

  it('hands a request nobody serves on after the middleware routers, and an error to the error handler', async () => {
    expect(await send('POST', '/nowhere')).to.deep.equal({ status: 404, body: { router: 'none' } });
    expect(entered).to.deep.equal(['stamp']);
    expect(await send('POST', '/drivers/d-7/fail')).to.deep.equal({ status: 500, body: { error: 'failed in a route' } });
  });

  it('lets HEAD walk every router, as express answers it from a GET route', async () => {
    expect((await send('HEAD', '/drivers/d-7')).status).to.equal(200);
    expect(entered).to.deep.equal(['calls', 'stamp', 'drivers']);
  });

  it('reaches a route added to a router after requests went through it', async () => {
    expect((await send('POST', '/drivers/d-7/offline')).status).to.equal(404);
    routers[3]!.post('/drivers/:driverId/offline', (_req, res) => void res.json({ router: 'more drivers, later' }));
    expect(await send('POST', '/drivers/d-7/offline')).to.deep.equal({ status: 200, body: { router: 'more drivers, later' } });
  });

  it('still shows every route to the route table', () => {
    expect(servedRoutes(app).map(({ method, path }) => `${method} ${path}`)).to.deep.equal([
      'post /api/calls',
      'get /api/drivers/:driverId',
      'post /api/drivers/:driverId/fail',
      'post /api/drivers/:driverId/online',
      'post /api/drivers/:driverId/offline',
    ]);
  });
});
