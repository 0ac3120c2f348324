import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express, { type ErrorRequestHandler, type RequestHandler, Router } from 'express';
import { chain } from '../../../src/infrastructure/http/middleware-chain.js';
import { servedRoutes } from '../../../src/infrastructure/http/route-table.js';

describe('Middleware run as one chain', () => {
  const ran: string[] = [];
  let server: Server;
  let base: string;
  const step =
    (name: string): RequestHandler =>
    (_req, _res, next) => {
      ran.push(name);
      next();
    };
  const failing = (how: 'thrown' | 'rejected' | 'passed'): RequestHandler => {
    if (how === 'thrown')
      return () => {
        throw new Error('thrown');
      };
    if (how === 'rejected') return async () => Promise.reject(new Error('rejected'));
    return (_req, _res, next) => next(new Error('passed'));
  };
  const routes = Router().get('/things', (req, res) => void res.json({ url: req.originalUrl, baseUrl: req.baseUrl, path: req.path }));
  const app = express();
  app.use('/api', chain([step('first'), step('second'), routes]));
  for (const how of ['thrown', 'rejected', 'passed'] as const) app.use(`/${how}`, chain([step('before'), failing(how), step('never')]));
  app.use(chain([step('after the api')]));
  app.use((_req, res) => void res.status(404).json({ ran }));
  const onError: ErrorRequestHandler = (error: Error, _req, res, _next) => void res.status(500).json({ error: error.message, ran });
  app.use(onError);

  before(async () => {
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (ran.length = 0));

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, body: (await response.json()) as object };
  };

  it('runs its middleware in order, under the path it is mounted on, as express would', async () => {
    expect(await get('/api/things?x=1')).to.deep.equal({ status: 200, body: { url: '/api/things?x=1', baseUrl: '/api', path: '/things' } });
    expect(ran).to.deep.equal(['first', 'second']);
  });

  it('goes on past itself when nothing in it answered', async () => {
    expect(await get('/api/else')).to.deep.equal({ status: 404, body: { ran: ['first', 'second', 'after the api'] } });
  });

  for (const how of ['thrown', 'rejected', 'passed'] as const)
    it(`hands an error ${how} by its middleware to the error handler, skipping the rest`, async () => {
      expect(await get(`/${how}`)).to.deep.equal({ status: 500, body: { error: how, ran: ['before'] } });
    });

  it('shows the routers in it to the route table', () => {
    expect(servedRoutes(app)).to.deep.equal([{ method: 'get', path: '/api/things' }]);
  });
});
