import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { Router } from 'express';
import { pino } from 'pino';
import { createHttpApp } from '../../src/infrastructure/http/app.js';
import { Metrics } from '../../src/infrastructure/metrics/metrics.js';

/** The body reader of every command, through the whole app: what a handler sees, what a client hears. */
describe('Reading a JSON body', () => {
  let server: Server;
  let url: string;
  before(async () => {
    const echo = Router().post('/echo', (req, res) => void res.json({ body: req.body as unknown }));
    const app = createHttpApp({
      logger: pino({ level: 'silent' }),
      apiRouters: [echo],
      verifier: { verify: async () => ({ role: 'operator', id: 'ops' }) },
      metrics: new Metrics({ defaultMetrics: false }),
      rateLimits: { windowMs: 1_000, perIp: 0, perSubject: 0 },
      readiness: [],
      isShuttingDown: () => false,
      bodyLimit: '1kb',
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  const post = async (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
    const answer = await fetch(`${url}/api/echo`, { method: 'POST', headers: { authorization: 'Bearer a.b.c', ...headers }, body });
    return { status: answer.status, json: (await answer.json()) as { body?: unknown; error?: { code: string } } };
  };

  it('hands the parsed object to the handler, with or without a UTF-8 charset, a BOM or surrounding blanks', async () => {
    expect(await post('{"name":"김민준","n":[1,2]}')).to.deep.equal({ status: 200, json: { body: { name: '김민준', n: [1, 2] } } });
    expect((await post(' \n{"a":1} ', { 'content-type': 'application/json; charset=UTF-8' })).json).to.deep.equal({ body: { a: 1 } });
    expect((await post('\uFEFF{"a":2}')).json).to.deep.equal({ body: { a: 2 } });
  });

  it('reads an empty JSON body as an empty object, as body-parser does', async () => {
    expect((await post('')).json).to.deep.equal({ body: {} });
  });

  it('refuses broken JSON and a top-level value that is not an object or array with 400 INVALID_JSON', async () => {
    for (const body of ['{"a":', '"text"', '42', 'null', 'nonsense'])
      expect([body, (await post(body)).status, (await post(body)).json.error?.code]).to.deep.equal([body, 400, 'INVALID_JSON']);
  });

  it('still reads what only express.json knows: another JSON media type, a compressed body, a chunked one', async () => {
    expect((await post('{"a":3}', { 'content-type': 'application/merge-patch+json' })).json).to.deep.equal({ body: { a: 3 } });
    const gzipped = gzipSync(Buffer.from('{"a":4}'));
    expect((await post(gzipped, { 'content-type': 'application/json', 'content-encoding': 'gzip' })).json).to.deep.equal({ body: { a: 4 } });
    const chunked = new Blob(['{"a":5}']).stream();
    const answer = await fetch(`${url}/api/echo`, {
      method: 'POST',
      headers: { authorization: 'Bearer a.b.c', 'content-type': 'application/json' },
      body: chunked,
      duplex: 'half',
    });
    expect(await answer.json()).to.deep.equal({ body: { a: 5 } });
  });

  it('lets a client go away in the middle of its body, and answers the next one', async () => {
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /api/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a.b.c\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
    );
    await new Promise<void>((resolve) => socket.end(() => resolve()));
    socket.destroy();
    expect((await post('{"after":true}')).json).to.deep.equal({ body: { after: true } });
  });

  it('refuses a body over the limit with 413, declared or streamed', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(2_000) });
    expect([(await post(big)).status, (await post(big)).json.error?.code]).to.deep.equal([413, 'PAYLOAD_TOO_LARGE']);
    const answer = await fetch(`${url}/api/echo`, {
      method: 'POST',
      headers: { authorization: 'Bearer a.b.c', 'content-type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    });
    expect([answer.status, ((await answer.json()) as { error: { code: string } }).error.code]).to.deep.equal([413, 'PAYLOAD_TOO_LARGE']);
  });
});
