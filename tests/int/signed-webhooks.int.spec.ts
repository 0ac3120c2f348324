import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { OutgoingNotification } from '../../src/application/ports/notifier.js';
import { WebhookNotifier } from '../../src/infrastructure/notifications/webhook-notifier.js';

const SECRET = `whsec_${Buffer.from('a shared secret of 32 bytes!!!!!').toString('base64')}`;

const notification: OutgoingNotification = {
  notificationId: 'n-1',
  recipient: { role: 'passenger', id: 'p-1' },
  callId: 'c-1',
  kind: 'RIDE_FINISHED',
  status: 'FINISHED',
  message: 'You have arrived.',
  createdAt: '2026-11-25T09:00:00.000Z',
  correlationId: 'c-1',
};

describe('Signed webhooks (Standard Webhooks)', () => {
  let server: Server;
  let url: string;
  const received: Array<{ body: string; headers: Record<string, string> }> = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ body, headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => received.splice(0));

  it('carries webhook-id, -timestamp and -signature that a receiver verifies with the shared secret', async () => {
    expect(await new WebhookNotifier({ url, secret: SECRET }).deliver(notification)).to.deep.equal({ kind: 'delivered' });
    const [{ body, headers }] = received as [(typeof received)[0]];
    expect(headers['webhook-id']).to.equal('n-1');
    expect(new Webhook(SECRET).verify(body, headers)).to.deep.include({ notificationId: 'n-1', kind: 'RIDE_FINISHED' });
    const wrongSecret = `whsec_${Buffer.from('another secret of 32 bytes!!!!!!').toString('base64')}`;
    expect(() => new Webhook(wrongSecret).verify(body, headers)).to.throw(WebhookVerificationError);
    expect(() => new Webhook(SECRET).verify(body.replace('n-1', 'n-2'), headers)).to.throw(WebhookVerificationError);
  });

  it('is unsigned without a secret', async () => {
    await new WebhookNotifier({ url }).deliver(notification);
    expect(received[0]!.headers).to.not.have.property('webhook-signature');
  });
});
