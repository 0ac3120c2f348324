import { readFileSync, readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import express from 'express';
import pino from 'pino';
import { z } from 'zod';
import { errorHandler } from '../../../src/infrastructure/http/errors.js';
import { openApiDocument } from '../../../src/infrastructure/http/openapi/document.js';
import { ApiRegistry } from '../../../src/infrastructure/http/openapi/registry.js';
import type { ReadWaits } from '../../../src/infrastructure/http/reads-from.js';
import { Routes } from '../../../src/infrastructure/http/route.js';

const dashboard = { name: 'dashboard' };
const drivers = { name: 'drivers' };

/** Freshness that has reached `reached` of each model: a wait for more answers false at once. */
const waitsWhere = (reached: Record<string, number>, asked: string[] = []): ReadWaits => ({
  freshness: {
    waitFor: async (model, position, timeoutMs) => {
      asked.push(`${model}@${position}/${timeoutMs}`);
      return (reached[model] ?? 0) >= (position === 'head' ? 10 : position);
    },
  },
  maxWaitMs: 500,
  implicitWaitMs: 50,
});

const feature = new Routes<{ greeting: string }>()
  .route({
    method: 'get',
    path: '/api/things/:thingId',
    tag: 'things',
    security: 'public',
    summary: 'A thing',
    request: { params: z.object({ thingId: z.string().min(2) }), query: z.object({ minPosition: z.coerce.number().int().optional() }) },
    readsFrom: [dashboard, drivers],
    responses: { 200: { description: 'The thing', schema: z.object({ said: z.string() }) } },
    handle: ({ params: { thingId }, query: { minPosition } }, { greeting }) => ({ said: `${greeting} ${thingId} ${typeof minPosition}` }),
  })
  .route({
    method: 'get',
    path: '/api/export',
    tag: 'things',
    security: 'public',
    summary: 'Everything',
    readsFrom: [dashboard],
    staleIsWrong: true,
    responses: { 200: { description: 'All of it', schema: z.object({}) } },
    handle: () => ({}),
  });

const serve = async (waits: ReadWaits) => {
  const app = express();
  app.use('/api', feature.router({ greeting: 'hello' }, waits));
  app.use(errorHandler(pino({ level: 'silent' })));
  const server = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (path: string) => {
    const answer = await fetch(url + path);
    return { status: answer.status, stale: answer.headers.get('x-read-model-stale'), body: (await answer.json()) as Record<string, unknown> };
  };
  return { get, close: () => new Promise((resolve) => server.close(resolve)) };
};

describe('A route declared once', () => {
  it('hands its handler the parsed input and answers what it returns with its documented status', async () => {
    const http = await serve(waitsWhere({ dashboard: 10, drivers: 10 }));
    try {
      expect(await http.get('/api/things/ab?minPosition=3')).to.deep.equal({ status: 200, stale: null, body: { said: 'hello ab number' } });
      const refused = await http.get('/api/things/a');
      expect([refused.status, (refused.body.error as { code: string }).code]).to.deep.equal([400, 'VALIDATION_ERROR']);
    } finally {
      await http.close();
    }
  });

  it('waits for every read model it reads from, and marks the answer stale when one is behind the head', async () => {
    const asked: string[] = [];
    const http = await serve(waitsWhere({ dashboard: 10, drivers: 9 }, asked));
    try {
      expect(await http.get('/api/things/ab')).to.deep.equal({ status: 200, stale: 'true', body: { said: 'hello ab undefined' } });
      expect(asked).to.deep.equal(['dashboard@head/50', 'drivers@head/50']);
    } finally {
      await http.close();
    }
  });

  it('answers 503 READ_MODEL_BEHIND when an asked position is not reached, or when a stale answer would be wrong', async () => {
    const http = await serve(waitsWhere({ dashboard: 5, drivers: 10 }));
    try {
      const behind = await http.get('/api/things/ab?minPosition=7');
      expect([behind.status, behind.body.error]).to.deep.equal([
        503,
        {
          code: 'READ_MODEL_BEHIND',
          message: 'The dashboard read model has not reached position 7 yet; retry shortly',
          details: { projection: 'dashboard', minPosition: 7 },
        },
      ]);
      const incomplete = await http.get('/api/export');
      expect([incomplete.status, (incomplete.body.error as { code: string }).code]).to.deep.equal([503, 'READ_MODEL_BEHIND']);
    } finally {
      await http.close();
    }
  });

  it('refuses to mount a route that reads from read models without their waits', () => {
    expect(() => feature.router({ greeting: 'hello' })).to.throw('/api/things/:thingId reads from read models');
  });

  it('documents the stale header on the reads that may answer stale, and only there', () => {
    const document = openApiDocument(new ApiRegistry().add(...feature.declarations), 'test');
    const headersOf = (path: string) =>
      Object.keys((document.paths[path]!.get as { responses: Record<string, { headers: object }> }).responses['200']!.headers);
    expect([headersOf('/api/things/{thingId}'), headersOf('/api/export')]).to.deep.equal([['X-Request-Id', 'X-Read-Model-Stale'], ['X-Request-Id']]);
  });
});

/** Every .ts file under `dir`. */
const sourcesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourcesUnder(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );

describe('The routes of the API', () => {
  it('are mounted only through declarations, so each is documented by construction', () => {
    // The simulators of outside services (payment gateway, messaging) are other apps, not this API.
    const mountedByHand = sourcesUnder('src')
      .filter((file) => !file.endsWith('simulator.ts'))
      .filter((file) => /\b(router|app)\.(get|post|put|patch|delete)\(/.test(readFileSync(file, 'utf8')));
    expect(mountedByHand).to.deep.equal([]);
  });
});
