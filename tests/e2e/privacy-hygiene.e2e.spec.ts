import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.js';
import { loadConfig } from '../../src/infrastructure/config/config.js';
import { compose } from '../../src/infrastructure/composition-root.js';
import { startRole } from '../../src/infrastructure/roles/start-role.js';
import { type ApiClient, apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const METRICS_TOKEN = 'scraper-secret-0123456789';

/** A port nobody listens on right now. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** The whole system with this environment; its URLs, and how to stop it. */
const startWith = async (env: Record<string, string>) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'taxi-hygiene-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', AUTO_DISPATCH: 'off', DATA_DIR: dataDir, ...env });
  const running = await startRole(await compose(config, { logger: pino({ level: 'silent' }) }));
  return { ...running, stop: async () => (await running.stop(), rmSync(dataDir, { recursive: true, force: true })) };
};

describe('Privacy hygiene of the HTTP answers', () => {
  let app: TestApp;
  let api: ApiClient;
  let operator: ApiClient;
  let callId: string;
  before(async function () {
    this.timeout(30_000);
    app = await startTestApp({ AUTO_DISPATCH: 'off' });
    api = apiClient(app.url);
    operator = api.as({ role: 'operator', subject: 'ops-hygiene' });
    const driverId = await onlineDriver(api, 'Hygiene');
    callId = (await api.post('/api/calls', { passengerId: 'p-hygiene', pickup: seoul.station, destination: seoul.gangnam })).body.callId;
    await api.post(`/api/calls/${callId}/accept`, { driverId });
    await api.post(`/api/calls/${callId}/start`, { driverId });
    expect((await api.post(`/api/calls/${callId}/finish`, { driverId })).status).to.equal(200);
  });
  after(async () => app?.stop());

  it('marks every personal-data answer Cache-Control: no-store', async () => {
    for (const path of [
      `/api/calls/${callId}`,
      `/api/calls/${callId}/history`,
      `/api/calls/${callId}/receipt`,
      '/api/passengers/p-hygiene/calls',
      '/api/passengers/p-hygiene/notifications',
      '/api/passengers/p-hygiene/export',
    ]) {
      const answer = await operator.get(path);
      expect([answer.status, answer.headers.get('cache-control')], path).to.deep.equal([200, 'no-store']);
    }
  });

  it('keeps the docs page from persisting the bearer token, and serves only the files it loads', async () => {
    const init = await (await fetch(`${app.url}/docs/init.js`)).text();
    expect(init).to.contain('persistAuthorization: false');
    for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'])
      expect((await fetch(`${app.url}/docs/assets/${file}`)).status, file).to.equal(200);
    for (const file of ['index.html', '', 'swagger-initializer.js', 'swagger-ui-bundle.js.map', 'swagger-ui.js', 'package.json'])
      expect((await fetch(`${app.url}/docs/assets/${file}`)).status, file || 'the folder').to.equal(404);
  });

  it('refuses an empty latitude, a hexadecimal limit and a query value that is not one plain string', async () => {
    const refused = async (path: string) => {
      const answer = await operator.get(path);
      expect([answer.status, answer.body.error?.code], path).to.deep.equal([400, 'VALIDATION_ERROR']);
      return answer.body.error.details.fields.map((f: { field: string }) => f.field);
    };
    expect(await refused('/api/taxis/nearby?lat=&lng=')).to.include.members(['lat', 'lng']);
    expect(await refused('/api/drivers?near=,')).to.deep.equal(['near']);
    expect(await refused('/api/calls?limit=0x10')).to.deep.equal(['limit']);
    expect(await refused('/api/calls?limit=1e1')).to.deep.equal(['limit']);
    expect(await refused('/api/calls?passengerId[$ne]=x')).to.deep.equal(['passengerId[$ne]']);
    expect(await refused('/api/calls?passengerId=a&passengerId=b')).to.deep.equal(['passengerId']);
    // The same values, well formed, are answered.
    expect((await operator.get('/api/calls?limit=16&passengerId=p-hygiene')).body.items).to.have.length(1);
  });

  it('answers a minPosition beyond the log’s head with 400 POSITION_AHEAD_OF_LOG, at once', async () => {
    const head = await app.container.get<EventStore>(EVENT_STORE).headPosition();
    const started = Date.now();
    const answer = await operator.get(`/api/calls/${callId}?minPosition=${head + 1_000}`);
    expect([answer.status, answer.body.error.code]).to.deep.equal([400, 'POSITION_AHEAD_OF_LOG']);
    expect(Date.now() - started).to.be.below(1_000);
    expect((await operator.get(`/api/calls/${callId}?minPosition=${head}`)).status).to.equal(200);
  });

  it('puts /metrics behind METRICS_TOKEN, or on METRICS_PORT alone', async function () {
    this.timeout(30_000);
    const guarded = await startWith({ METRICS_TOKEN });
    try {
      expect((await fetch(`${guarded.url}/metrics`)).status).to.equal(401);
      expect((await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).to.equal(403);
      const scraped = await fetch(`${guarded.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(scraped.status).to.equal(200);
      expect(await scraped.text()).to.contain('# TYPE');
    } finally {
      await guarded.stop();
    }
    const port = await freePort();
    const separate = await startWith({ METRICS_PORT: String(port) });
    try {
      expect(separate.metricsUrl).to.equal(`http://127.0.0.1:${port}`);
      expect((await fetch(`${separate.url}/metrics`)).status).to.equal(404);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).to.equal(200);
      expect((await fetch(`http://127.0.0.1:${port}/api/calls`)).status).to.equal(404);
    } finally {
      await separate.stop();
    }
  });
});
