import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { WebSocket } from 'ws';
import { DriverChannel } from '../../../src/infrastructure/http/channel/driver-channel.js';
import type { DriverUpdates } from '../../../src/infrastructure/http/channel/driver-updates.js';
import { eventually } from '../../support/eventually.js';

const SWEEP_MS = 60;

/** A channel with everything but the socket's keep-alive stubbed: any token is driver d-1's. */
const channelOn = async () => {
  const channel = new DriverChannel(
    {
      verifier: { verify: async () => ({ role: 'driver', id: 'd-1' }) } as never,
      updates: { start: async () => {}, stop: async () => {}, subscribe: async () => () => {} } as unknown as DriverUpdates,
      pings: { add: () => {}, drain: async () => {} },
      rateLimit: { perSecond: 1_000, burst: 1_000, closeAfterDropsPerSecond: 10_000 },
      authTimeoutMs: 5_000,
      logger: { warn: () => {} },
    },
    SWEEP_MS,
  );
  const server: Server = createServer();
  server.on('upgrade', (req, socket, head) => channel.upgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await channel.start();
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/drivers/d-1/channel`;
  const stop = async () => {
    await channel.stop();
    await new Promise((resolve) => server.close(resolve));
  };
  return { url, stop, channel };
};

const connected = async (url: string) => {
  const socket = new WebSocket(url, ['bearer', 'token']);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return socket;
};

describe('Driver channel keep-alive', () => {
  let opened: Awaited<ReturnType<typeof channelOn>>;
  beforeEach(async () => (opened = await channelOn()));
  afterEach(async () => opened.stop());

  it('never pings a driver who keeps sending, pings a silent one, and closes one that does not answer', async () => {
    const chatty = await connected(opened.url);
    const silent = await connected(opened.url);
    const dead = await connected(opened.url);
    const pingsAt = { chatty: 0, silent: 0 };
    chatty.on('ping', () => (pingsAt.chatty += 1));
    silent.on('ping', () => (pingsAt.silent += 1));
    const sending = setInterval(() => chatty.send(JSON.stringify({ type: 'ping', location: { lat: 37.5, lng: 127 } })), SWEEP_MS / 4);
    // A peer gone without a word: its socket reads nothing more, so no pong comes back.
    dead.pause();
    try {
      await eventually(() => opened.channel.openChannels === 2, 5_000, 'the silent peer that never answers is closed');
      await eventually(() => pingsAt.silent >= 2, 5_000, 'the silent driver is pinged at every other sweep');
      expect([chatty.readyState, silent.readyState]).to.deep.equal([WebSocket.OPEN, WebSocket.OPEN]);
      expect(pingsAt.chatty).to.equal(0);
    } finally {
      clearInterval(sending);
      [chatty, silent, dead].forEach((socket) => socket.terminate());
    }
  });
});
