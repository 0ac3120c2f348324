import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express, { type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { perIpLimit } from '../../src/infrastructure/http/abuse-limits.js';

const serve = async (limit: RequestHandler) => {
  const app = express();
  app.use(limit);
  app.post('/x', (_req, res) => void res.json({ ok: true }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x` };
};

const headersOf = async (url: string) => {
  const answer = await fetch(url, { method: 'POST' });
  await answer.arrayBuffer();
  return [answer.status, answer.headers.get('ratelimit'), answer.headers.get('ratelimit-policy')];
};

/** The limits write the IETF draft-8 headers themselves: byte for byte what express-rate-limit writes. */
describe('Rate limit headers', () => {
  const servers: Server[] = [];
  after(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

  for (const windowMs of [10_000, 120_000])
    it(`states the same policy as express-rate-limit for a ${windowMs / 1000} s window, under and over the limit`, async () => {
      const ours = await serve(perIpLimit({ windowMs, perIp: 2, perSubject: 0 })[0]!);
      const library = await serve(rateLimit({ windowMs, limit: 2, standardHeaders: 'draft-8', legacyHeaders: false }));
      servers.push(ours.server, library.server);
      for (let i = 0; i < 3; i++) {
        const [status, ...headers] = await headersOf(ours.url);
        const [, ...expected] = await headersOf(library.url);
        expect(headers).to.deep.equal(expected);
        expect(status).to.equal(i < 2 ? 200 : 429);
      }
    });
});
