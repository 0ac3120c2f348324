import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { OutgoingNotification } from '../../src/application/ports/notifier.js';
import { SqliteDeadLetterStore } from '../../src/infrastructure/notifications/sqlite-dead-letter-store.js';
import { WebhookNotifier } from '../../src/infrastructure/notifications/webhook-notifier.js';

const notification = (id: string): OutgoingNotification => ({
  notificationId: id,
  recipient: { role: 'passenger', id: 'p-1' },
  callId: 'c-1',
  kind: 'RIDE_FINISHED',
  status: 'FINISHED',
  message: 'You have arrived.',
  createdAt: '2026-11-25T09:00:00.000Z',
  correlationId: 'c-1',
});

/** A receiver that answers with the given statuses in turn (the last one repeats). */
const receiverAnswering = async (...statuses: number[]) => {
  const requests: Array<{ key: string | undefined; body: OutgoingNotification }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push({ key: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(body) });
      res.writeHead(statuses[Math.min(requests.length, statuses.length) - 1]!).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

const fast = { backoff: { initialDelayMs: 5, maxDelayMs: 10 }, attemptTimeoutMs: 500 };

describe('Webhook notifier', () => {
  it('posts the notification as JSON with its id as Idempotency-Key', async () => {
    const receiver = await receiverAnswering(204);
    try {
      const outcome = await new WebhookNotifier({ url: receiver.url, ...fast }).deliver(notification('n-1'));
      expect(outcome).to.deep.equal({ kind: 'delivered' });
      expect(receiver.requests).to.deep.equal([{ key: 'n-1', body: notification('n-1') }]);
    } finally {
      await receiver.close();
    }
  });

  it('retries a 5xx with the same key until the receiver takes it', async () => {
    const receiver = await receiverAnswering(503, 500, 200);
    try {
      expect(await new WebhookNotifier({ url: receiver.url, maxAttempts: 3, ...fast }).deliver(notification('n-2'))).to.deep.equal({
        kind: 'delivered',
      });
      expect(receiver.requests.map((r) => r.key)).to.deep.equal(['n-2', 'n-2', 'n-2']);
    } finally {
      await receiver.close();
    }
  });

  it('does not retry a refusal', async () => {
    const receiver = await receiverAnswering(422);
    try {
      expect(await new WebhookNotifier({ url: receiver.url, ...fast }).deliver(notification('n-3'))).to.deep.equal({
        kind: 'rejected',
        reason: 'HTTP 422',
      });
      expect(receiver.requests).to.have.length(1);
    } finally {
      await receiver.close();
    }
  });

  it('answers unavailable after its attempts while the receiver is down, then fails fast on an open breaker', async () => {
    const receiver = await receiverAnswering(204);
    await receiver.close();
    const notifier = new WebhookNotifier({
      url: receiver.url,
      maxAttempts: 2,
      ...fast,
      breaker: { consecutiveFailures: 4, halfOpenAfterMs: 60_000 },
    });
    expect((await notifier.deliver(notification('n-4'))).kind).to.equal('unavailable');
    expect((await notifier.deliver(notification('n-5'))).kind).to.equal('unavailable');
    // The breaker's answer, not a connection error: the receiver was not even tried.
    expect(await notifier.deliver(notification('n-6'))).to.deep.equal({ kind: 'unavailable', reason: 'circuit breaker open' });
  });
});

describe('SQLite dead letter store', () => {
  let dir: string;
  let store: SqliteDeadLetterStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxi-dead-letters-'));
    store = new SqliteDeadLetterStore(join(dir, 'dead-letters.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps one letter per notification, counts its failures and lists the oldest first', async () => {
    await store.add(notification('n-1'), 'HTTP 503', 't1');
    await store.add(notification('n-2'), 'HTTP 503', 't2');
    await store.add(notification('n-1'), 'timeout', 't3');
    expect(await store.count()).to.equal(2);
    const [first, second] = await store.oldest(10);
    expect(first).to.deep.equal({ notification: notification('n-1'), reason: 'timeout', failures: 2, firstFailedAt: 't1', lastFailedAt: 't3' });
    expect(second!.notification.notificationId).to.equal('n-2');
  });

  it('survives a restart and forgets a letter once delivered', async () => {
    await store.add(notification('n-1'), 'HTTP 503', 't1');
    store.close();
    store = new SqliteDeadLetterStore(join(dir, 'dead-letters.db'));
    expect(await store.count()).to.equal(1);
    await store.remove('n-1');
    expect(await store.oldest(10)).to.deep.equal([]);
  });
});
