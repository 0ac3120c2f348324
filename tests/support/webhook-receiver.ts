import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedNotification = {
  notificationId: string;
  idempotencyKey: string | undefined;
  recipient: { role: string; id: string };
  callId: string;
  kind: string;
  status: string;
};

/**
 * A tiny messaging channel on 127.0.0.1 for tests: it records every POST it gets, counts them per
 * notification id (what a real receiver would dedupe on) and can be taken down and brought back
 * on the same port to simulate an outage.
 */
export const startWebhookReceiver = async () => {
  const received: ReceivedNotification[] = [];
  let server: Server | undefined;
  let port = 0;

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => resolve(body));
      req.on('error', reject);
    });

  const up = async () => {
    server = createServer((req, res) => {
      void readBody(req).then((text) => {
        const body = JSON.parse(text) as ReceivedNotification;
        received.push({ ...body, idempotencyKey: req.headers['idempotency-key'] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', resolve);
    });
    port = (server.address() as AddressInfo).port;
  };

  const down = () =>
    new Promise<void>((resolve) => {
      const closing = server;
      server = undefined;
      if (!closing) return resolve();
      closing.close(() => resolve());
      closing.closeAllConnections();
    });

  await up();
  return {
    url: `http://127.0.0.1:${port}/notifications`,
    received,
    up,
    down,
    /** How often each notification id arrived. */
    countsById: () =>
      received.reduce((counts, n) => counts.set(n.notificationId, (counts.get(n.notificationId) ?? 0) + 1), new Map<string, number>()),
    forCall: (callId: string) => received.filter((n) => n.callId === callId),
  };
};

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
