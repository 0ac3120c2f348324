import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { sendJson } from '../../../src/infrastructure/http/route.js';

/** A route's answer is written directly: the same bytes and headers as express's `res.json`. */
describe('A JSON answer written directly', () => {
  const answers: unknown[] = [{ callId: 'c-1', fare: { amount: 4800, currency: 'KRW' } }, { note: '강남역 3번 출구 ✓', list: [1, null] }, []];
  let server: Server;
  let base: string;
  const app = express();
  app.set('etag', false);
  app.get('/ours/:i', (req, res) => sendJson(res, 201, answers[Number(req.params.i)]));
  app.get('/express/:i', (req, res) => void res.status(201).json(answers[Number(req.params.i)]));

  before(async () => {
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  const answerAt = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    const { status, headers } = response;
    return { status, type: headers.get('content-type'), length: headers.get('content-length'), body: await response.text() };
  };

  for (const [i, answer] of answers.entries())
    it(`sends what res.json sends for ${JSON.stringify(answer)}`, async () => {
      const ours = await answerAt(`/ours/${i}`);
      expect(ours).to.deep.equal(await answerAt(`/express/${i}`));
      expect(JSON.parse(ours.body)).to.deep.equal(answer);
    });
});
