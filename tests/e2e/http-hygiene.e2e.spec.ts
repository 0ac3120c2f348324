import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { Router } from 'express';
import { pino } from 'pino';
import { createHttpApp } from '../../src/infrastructure/http/app.js';
import { Metrics } from '../../src/infrastructure/metrics/metrics.js';
import { apiClient } from '../support/http-client.js';
import { eventStoreOf } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

describe('HTTP hygiene', () => {
  describe('request ids, CORS, 405 and 415 on the whole app', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ CORS_ORIGINS: 'http://console.example' });
    });
    after(() => app.stop());

    it('echoes an acceptable X-Request-Id on every answer, even 404, 401 and health', async () => {
      for (const path of ['/health/live', '/api/calls/nope', '/nowhere']) {
        const answer = await fetch(`${app.url}${path}`, { headers: { 'x-request-id': 'trace-42 abc' } });
        expect(answer.headers.get('x-request-id'), path).to.equal('trace-42 abc');
      }
    });

    it('generates one when it is missing or not acceptable', async () => {
      const missing = await fetch(`${app.url}/health/live`);
      const tooLong = await fetch(`${app.url}/health/live`, { headers: { 'x-request-id': 'x'.repeat(201) } });
      expect(missing.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
      expect(tooLong.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
    });

    it('makes the request id it answers with the cause of the events the request appended, sent or not', async () => {
      for (const sent of [undefined, 'trace-7']) {
        const answer = await apiClient(app.url).post('/api/drivers', { name: 'Traced', vehicleNo: 'TR-1' }, sent ? { 'x-request-id': sent } : {});
        const [registered] = await eventStoreOf(app.container).readStream(`driver-${answer.body.driverId}`);
        expect(registered!.metadata.causationId).to.equal(answer.headers.get('x-request-id'));
        if (sent) expect(registered!.metadata.causationId).to.equal(sent);
      }
    });

    it('answers a CORS preflight before authentication', async () => {
      const answer = await fetch(`${app.url}/api/calls`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://console.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(answer.status).to.equal(204);
      expect(answer.headers.get('access-control-allow-origin')).to.equal('http://console.example');
      const stranger = await fetch(`${app.url}/health/live`, { headers: { origin: 'http://evil.example' } });
      expect(stranger.headers.get('access-control-allow-origin')).to.equal(null);
    });

    it('answers 405 with Allow for a known path and a wrong method', async () => {
      const answer = await fetch(`${app.url}/health/live`, { method: 'DELETE' });
      expect(answer.status).to.equal(405);
      expect(answer.headers.get('allow')).to.equal('GET, HEAD');
      expect(((await answer.json()) as { error: { code: string } }).error.code).to.equal('METHOD_NOT_ALLOWED');
    });

    it('answers 415 for a body that is not JSON, keeping the error shape', async () => {
      const answer = await fetch(`${app.url}/api/dev/tokens`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'role=operator' });
      expect(answer.status).to.equal(415);
      const body = (await answer.json()) as { error: { code: string; message: string } };
      expect(body.error.code).to.equal('UNSUPPORTED_MEDIA_TYPE');
      expect(body.error.message).to.be.a('string');
    });
  });

  describe('a failure inside a request', () => {
    let server: Server;
    let url: string;
    const lines: Array<Record<string, unknown>> = [];
    before(async () => {
      const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) });
      const logger = pino({ level: 'info' }, sink);
      const failing = Router()
        .get('/boom', (req) => {
          req.log.info('about to fail');
          throw new Error('kaboom');
        })
        .get('/fine', (_req, res) => void res.json({ ok: true }));
      const app = createHttpApp({
        logger,
        apiRouters: [failing],
        verifier: { verify: async () => ({ role: 'operator', id: 'ops' }) },
        metrics: new Metrics({ defaultMetrics: false }),
        rateLimits: { windowMs: 1_000, perIp: 0, perSubject: 0 },
        readiness: [],
        isShuttingDown: () => false,
      });
      server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise((resolve) => server.close(resolve)));

    it('names the request id in the 5xx body and in every log line of the request', async () => {
      const answer = await fetch(`${url}/api/boom`, { headers: { authorization: 'Bearer a.b.c', 'x-request-id': 'req-500' } });
      expect(answer.status).to.equal(500);
      expect(await answer.json()).to.deep.equal({
        error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side', requestId: 'req-500' },
      });
      const mine = lines.filter((line) => line.requestId === 'req-500').map((line) => line.msg);
      expect(mine).to.include.members(['about to fail', 'unhandled error']);
      expect(mine.length).to.be.greaterThanOrEqual(3); // and the access log line
      const access = lines.find((line) => line.requestId === 'req-500' && line.msg === 'request errored');
      expect(access).to.deep.include({ level: 50, req: { method: 'GET', url: '/api/boom' }, res: { statusCode: 500 } });
      expect((access?.err as { message?: string } | undefined)?.message).to.equal('failed with status code 500');
    });

    it('writes one access line per answer, with its status, its time and the URL without credentials', async () => {
      const answer = await fetch(`${url}/api/fine?ticket=secret-ticket&page=2`, {
        headers: { authorization: 'Bearer a.b.c', 'x-request-id': 'req-200' },
      });
      expect(answer.status).to.equal(200);
      await answer.arrayBuffer();
      const mine = lines.filter((line) => line.requestId === 'req-200');
      expect(mine.map((line) => [line.level, line.msg, line.req, line.res])).to.deep.equal([
        [30, 'request completed', { method: 'GET', url: '/api/fine?ticket=[redacted]&page=2' }, { statusCode: 200 }],
      ]);
      expect(mine[0]?.responseTime).to.be.a('number').within(0, 10_000);
    });
  });
});
