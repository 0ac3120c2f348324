import { expect } from 'chai';
import { devToken } from '../support/sse-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** A command refused by the route (no such call) but counted by the limits in front of it. */
const cancelAs = async (url: string, token: string) => {
  const response = await fetch(`${url}/api/calls/no-such-call/cancel`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: '{}',
  });
  const body = (await response.json()) as { error: { code: string } };
  return { status: response.status, code: body.error.code, retryAfter: response.headers.get('retry-after') };
};

describe('Abuse limits', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ AUTO_DISPATCH: 'off', RATE_LIMIT_PER_SUBJECT: '3', RATE_LIMIT_WINDOW_MS: '60000' });
  });
  after(async () => app?.stop());

  describe('the per-subject rate limit', () => {
    it('stops one passenger after RATE_LIMIT_PER_SUBJECT commands in a window, and nobody else', async () => {
      const greedy = await devToken(app.url, 'passenger', 'p-greedy');
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await cancelAs(app.url, greedy));
      expect(answers.map((a) => [a.status, a.code])).to.deep.equal([
        [404, 'CALL_NOT_FOUND'],
        [404, 'CALL_NOT_FOUND'],
        [404, 'CALL_NOT_FOUND'],
        [429, 'RATE_LIMITED'],
        [429, 'RATE_LIMITED'],
      ]);
      expect(answers.at(-1)!.retryAfter).to.equal('60');

      // Same address, another subject: its own budget. And reading is not limited.
      const other = await cancelAs(app.url, await devToken(app.url, 'passenger', 'p-patient'));
      expect([other.status, other.code]).to.deep.equal([404, 'CALL_NOT_FOUND']);
      const read = await fetch(`${app.url}/api/passengers/p-greedy/calls`, { headers: { authorization: `Bearer ${greedy}` } });
      expect(read.status).to.equal(200);
    });

    it('tells a driver and a passenger of the same id apart (the key is role and subject)', async () => {
      const passenger = await devToken(app.url, 'passenger', 'same-id');
      for (let i = 0; i < 3; i++) await cancelAs(app.url, passenger);
      expect((await cancelAs(app.url, passenger)).status).to.equal(429);
      // A driver may not cancel a passenger's call: refused by the route, not by the limit.
      const driver = await cancelAs(app.url, await devToken(app.url, 'driver', 'same-id'));
      expect([driver.status, driver.code]).to.deep.equal([403, 'FORBIDDEN']);
    });
  });

  describe('the body limit', () => {
    it('answers 413 to a chunked body over BODY_LIMIT, which declares no Content-Length', async () => {
      const token = await devToken(app.url, 'passenger', 'p-chunked');
      const chunk = new TextEncoder().encode(`"${'x'.repeat(4_094)}",`);
      // 64 KiB of a JSON array in 16 pieces, against the default 16kb limit.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"pad":['));
          for (let i = 0; i < 16; i++) controller.enqueue(chunk);
          controller.enqueue(new TextEncoder().encode('"x"]}'));
          controller.close();
        },
      });
      const response = await fetch(`${app.url}/api/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
        duplex: 'half',
      });
      const answer = (await response.json()) as { error: { code: string } };
      expect([response.status, answer.error.code]).to.deep.equal([413, 'PAYLOAD_TOO_LARGE']);
    });
  });
});
