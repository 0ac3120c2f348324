import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import express, { type Express } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { servedRoutes } from '../../src/infrastructure/http/route-table.js';
import { apiClient } from '../support/http-client.js';
import { SpecDriftError, checkAgainstSpec } from '../support/spec-check.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

type Spec = { openapi: string; paths: Record<string, Record<string, unknown>> };

describe('The OpenAPI document', () => {
  let app: TestApp;
  let spec: Spec;
  before(async () => {
    app = await startTestApp();
    spec = (await (await fetch(`${app.url}/openapi.json`)).json()) as Spec;
  });
  after(() => app.stop());

  it('validates as OpenAPI 3.1', async () => {
    const result = await new Validator().validate(spec);
    expect(result.errors ?? []).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    expect(spec.openapi).to.match(/^3\.1\./);
  });

  it('documents every route the app serves, and serves every route it documents', () => {
    // The running server's express app, read from its router.
    const expressApp = app.server.listeners('request')[0] as Express;
    const served = new Set(
      servedRoutes(expressApp).map(({ method, path }) => `${method.toUpperCase()} ${path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`),
    );
    const documented = new Set(
      Object.entries(spec.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)),
    );
    expect(
      [...served].filter((route) => !documented.has(route)),
      'served but not documented',
    ).to.deep.equal([]);
    expect(
      [...documented].filter((route) => !served.has(route)),
      'documented but not served',
    ).to.deep.equal([]);
    expect(served.size).to.be.greaterThan(20);
  });

  it('serves interactive docs from local files, public', async () => {
    const page = await fetch(`${app.url}/docs`);
    expect(page.status).to.equal(200);
    const html = await page.text();
    expect(html).to.not.match(/https?:\/\//);
    for (const asset of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const answer = await fetch(`${app.url}${asset[1]}`);
      expect(answer.status, asset[1]).to.equal(200);
    }
  });
});

describe('The response check of the end-to-end suite', () => {
  let server: Server;
  let url: string;
  before(async () => {
    // A test double that answers documented routes wrongly.
    const wrong = express();
    wrong.get('/health/live', (_req, res) => res.json({ status: 'dead' }));
    wrong.get('/api/tariffs', (_req, res) => res.status(418).json({ error: { code: 'TEAPOT', message: 'no' } }));
    wrong.get('/api/secret', (_req, res) => res.json({ ok: true }));
    wrong.get('/api/calls/:callId', (_req, res) => res.json({ callId: 'c1', status: 'REQUESTED' }));
    server = wrong.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  const client = () => apiClient(url, { mode: 'token', token: 'x.y.z' }, checkAgainstSpec);

  it('fails on a body that does not match the documented schema', async () => {
    const error = await client()
      .get('/health/live')
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SpecDriftError);
    expect(String(error)).to.include('body does not match');
  });

  it('fails on an undocumented status', async () => {
    const error = await client()
      .get('/api/tariffs')
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SpecDriftError);
    expect(String(error)).to.include('status 418 is not documented');
  });

  it('fails on an undocumented route that answers', async () => {
    const error = await client()
      .get('/api/secret')
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SpecDriftError);
    expect(String(error)).to.include('not in the spec');
  });

  it('fails on a Server-Sent Event that is not documented or does not match its schema', () => {
    expect(() => checkAgainstSpec.event('/api/calls/c1/events', 'status', { callId: 'c1', status: 'LOST' })).to.throw(
      SpecDriftError,
      /data does not match/,
    );
    expect(() => checkAgainstSpec.event('/api/calls/c1/events', 'gossip', {})).to.throw(SpecDriftError, /not in the spec/);
  });

  it('fails on a dashboard entry missing documented fields', async () => {
    const error = await client()
      .get('/api/calls/c1')
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SpecDriftError);
  });
});
