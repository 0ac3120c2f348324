import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { consoleConfigResponseSchema } from '../../src/infrastructure/http/routes/console.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const operatorToken = async (url: string) => {
  const res = await fetch(`${url}/api/dev/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'operator', subject: 'ops' }),
  });
  return ((await res.json()) as { token: string }).token;
};

describe('The web console as the api role serves it', () => {
  let dist: string;
  let app: TestApp;
  before(async () => {
    dist = mkdtempSync(join(tmpdir(), 'console-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
    app = await startTestApp({ WEB_DIST_DIR: dist, MAP_TILES_URL: 'http://tiles.example:8080/{z}/{x}/{y}.png', SERVICE_TIME_ZONE: 'Asia/Seoul' });
  });
  after(async () => {
    await app?.stop();
    rmSync(dist, { recursive: true, force: true });
  });

  it('publishes the settings the console needs, and nothing else', async () => {
    const res = await fetch(`${app.url}/console-config.json`);
    expect(res.status).to.equal(200);
    const body = consoleConfigResponseSchema.parse(await res.json());
    expect(body).to.deep.equal({
      authMode: 'dev',
      oidc: null,
      mapTilesUrl: 'http://tiles.example:8080/{z}/{x}/{y}.png',
      serviceTimeZone: 'Asia/Seoul',
    });
  });

  it('answers the console page at / and at any page path, allowing images from the tile server', async () => {
    for (const path of ['/', '/passenger', '/operator']) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).to.equal(200);
      expect(await res.text()).to.contain('<title>console</title>');
      expect(res.headers.get('content-security-policy'))
        .to.contain("img-src 'self' data: http://tiles.example:8080")
        .and.contain("script-src 'self'");
    }
  });

  it('leaves unknown API paths to the API: a 404 in the error format, not the page', async () => {
    const res = await fetch(`${app.url}/api/no-such-thing`, { headers: { authorization: `Bearer ${await operatorToken(app.url)}` } });
    expect(res.status).to.equal(404);
    expect(await res.json()).to.deep.equal({ error: { code: 'ROUTE_NOT_FOUND', message: 'No route for GET /api/no-such-thing' } });
  });

  it('answers other methods than GET with the API 404', async () => {
    const res = await fetch(`${app.url}/passenger`, { method: 'POST' });
    expect(res.status).to.equal(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('ROUTE_NOT_FOUND');
  });

  describe('when the console was not built', () => {
    let bare: TestApp;
    before(async () => {
      bare = await startTestApp({ WEB_DIST_DIR: join(dist, 'missing') });
    });
    after(() => bare?.stop());

    it('says how to build it', async () => {
      const res = await fetch(`${bare.url}/`);
      expect(res.status).to.equal(503);
      expect(await res.text()).to.contain('npm run build:web');
    });
  });
});
