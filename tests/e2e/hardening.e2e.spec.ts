import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/infrastructure/config/config.js';
import { payloadTooLargeResponse, readinessResponse } from '../../src/infrastructure/http/routes/health.schemas.js';
import { apiClient, seoul } from '../support/http-client.js';
import { eventually } from '../support/rides.js';
import { startServerProcess } from '../support/server-process.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** What keeps a deployed server safe: no development tokens in production, trusted proxies, limits, honest readiness. */
describe('Hardening', () => {
  describe('development tokens', () => {
    it('refuse every production-like NODE_ENV, not only "production"', () => {
      for (const NODE_ENV of ['production', 'PRODUCTION', 'Production', 'prod', 'staging', 'preprod', '']) {
        expect(() => loadConfig({ NODE_ENV }), NODE_ENV).to.throw(ConfigError, /AUTH_MODE/);
        expect(() => loadConfig({ NODE_ENV, AUTH_MODE: 'dev' }), NODE_ENV).to.throw(ConfigError, /NODE_ENV=development or test/);
      }
    });

    it('are on only under NODE_ENV development or test', () => {
      for (const NODE_ENV of ['development', 'test']) expect(loadConfig({ NODE_ENV }).AUTH_MODE).to.equal('dev');
      expect(
        loadConfig({ NODE_ENV: 'prod', AUTH_MODE: 'jwks', AUTH_JWKS_URL: 'https://id.example/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' }).AUTH_MODE,
      ).to.equal('jwks');
    });

    it('keep a server started with NODE_ENV=PRODUCTION from starting at all', async function () {
      this.timeout(30_000);
      const failure = await startServerProcess({ NODE_ENV: 'PRODUCTION', AUTH_MODE: 'dev' }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(String(failure))
        .to.match(/server exited with [1-9]/)
        .and.to.match(/development tokens need NODE_ENV/);
    });
  });

  describe('trusted proxies and body and time limits', () => {
    let app: TestApp | undefined;
    afterEach(async () => {
      await app?.stop();
      app = undefined;
    });
    const start = async (env: Record<string, string> = {}) => (app = await startTestApp({ AUTO_DISPATCH: 'off', ...env }));
    /** An anonymous command: refused by authentication, but counted by the per-IP limit before that. */
    const commandFrom = (url: string, forwardedFor: string) =>
      fetch(`${url}/api/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: '{}',
      }).then((r) => r.status);

    it('by default counts the socket peer, so a spoofed X-Forwarded-For does not escape the per-IP limit', async () => {
      const { url } = await start({ RATE_LIMIT_PER_IP: '3' });
      const statuses = [];
      for (let i = 0; i < 5; i += 1) statuses.push(await commandFrom(url, `203.0.113.${i}`));
      expect(statuses).to.deep.equal([401, 401, 401, 429, 429]);
    });

    it('believes X-Forwarded-For only from the proxies TRUST_PROXY names', async () => {
      const { url } = await start({ RATE_LIMIT_PER_IP: '3', TRUST_PROXY: 'loopback' });
      const statuses = [];
      for (let i = 0; i < 5; i += 1) statuses.push(await commandFrom(url, `203.0.113.${i}`));
      expect(statuses).to.deep.equal([401, 401, 401, 401, 401]);
      expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.1' }).TRUST_PROXY).to.deep.equal(['10.0.0.0/8', '192.168.1.1']);
      expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).to.equal(1);
      expect(loadConfig({}).TRUST_PROXY).to.equal(false);
    });

    it('answers 413 on a declared Content-Length above BODY_LIMIT before any of the body arrives', async () => {
      const { url } = await start();
      const { port } = new URL(url);
      const socket = connect(Number(port), '127.0.0.1');
      const answer = new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (chunk) => {
          text += chunk.toString();
          if (text.includes('\r\n\r\n')) resolve(text);
        });
      });
      socket.write(`POST /api/calls HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n{`);
      // 5 s is an upper bound, not a measurement: the 413 comes at once, and only a server that waited
      // for the declared 10 MB would reach it (a slow machine makes the test slower, never wrong).
      const head = await Promise.race([answer, new Promise<string>((resolve) => setTimeout(() => resolve('no answer within 5 s'), 5_000))]);
      socket.destroy();
      expect(head.split('\r\n')[0]).to.equal('HTTP/1.1 413 Payload Too Large');
      const refused = await fetch(`${url}/api/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(20_000) }),
      });
      expect(refused.status).to.equal(413);
      expect(payloadTooLargeResponse.safeParse(await refused.json()).success).to.equal(true);
    });

    it('closes slowloris sockets (headers never finished) once HTTP_HEADERS_TIMEOUT_MS has passed', async function () {
      this.timeout(20_000);
      const { url } = await start({ HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000' });
      const { port } = new URL(url);
      const sockets: Socket[] = [];
      const closed = await Promise.all(
        Array.from({ length: 100 }, () => {
          const socket = connect(Number(port), '127.0.0.1', () => socket.write('POST /api/calls HTTP/1.1\r\nHost: localhost\r\nX-Slow: '));
          sockets.push(socket);
          socket.on('error', () => {});
          // Read what the server sends (its 408 and end of stream), or 'close' never comes.
          socket.resume();
          return new Promise<boolean>((resolve) => {
            // An upper bound: the server closes after HTTP_HEADERS_TIMEOUT_MS (1 s) plus its check
            // interval; 10 s only separates "closed" from "never closed" on a loaded machine.
            const timer = setTimeout(() => resolve(false), 10_000);
            socket.on('close', () => {
              clearTimeout(timer);
              resolve(true);
            });
          });
        }),
      );
      for (const socket of sockets) socket.destroy();
      expect(
        closed.filter((c) => !c),
        'sockets still open after 10 s',
      ).to.have.length(0);
    });
  });

  describe('readiness when the event store refuses writes', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ AUTO_DISPATCH: 'off' });
    });
    after(async () => app.stop());

    const ready = async () => {
      const response = await fetch(`${app.url}/health/ready`);
      return {
        status: response.status,
        body: (await response.json()) as {
          checks: Record<string, boolean>;
          details: { eventStoreWrites: { ok: boolean; consecutiveFailures: number; lastError: string | null } };
        },
      };
    };
    const metric = async (name: string) => {
      const text = await (await fetch(`${app.url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(name));
      return line ? Number(line.split(' ').at(-1)) : Number.NaN;
    };

    it('turns not-ready with the write failure in its details and metrics, and ready again once a write succeeds', async function () {
      this.timeout(30_000);
      const api = apiClient(app.url);
      const request = () => api.post('/api/calls', { passengerId: 'p-ready', pickup: seoul.station, destination: seoul.gangnam });
      expect((await ready()).status).to.equal(200);
      // Another connection holds the write lock: every append fails after the busy timeout, as on a full disk.
      const blocker = new Database(join(app.dataDir, 'events.db'));
      blocker.exec('BEGIN IMMEDIATE');
      try {
        expect((await request()).status).to.equal(503);
        const refused = await ready();
        expect(refused.status).to.equal(503);
        expect(readinessResponse.safeParse(refused.body).success, JSON.stringify(refused.body)).to.equal(true);
        expect(refused.body.checks).to.include({ eventStore: true, eventStoreWrites: false });
        expect(refused.body.details.eventStoreWrites).to.include({ ok: false, consecutiveFailures: 1 });
        expect(refused.body.details.eventStoreWrites.lastError).to.be.a('string');
        expect(await metric('taxi_event_store_write_failures_total')).to.equal(1);
        expect(await metric('taxi_event_store_writes_failing')).to.equal(1);
      } finally {
        blocker.exec('ROLLBACK');
        blocker.close();
      }
      expect((await request()).status).to.equal(201);
      await eventually(async () => (await ready()).status === 200, 5_000, 'ready again');
      expect(await metric('taxi_event_store_writes_failing')).to.equal(0);
    });
  });
});
