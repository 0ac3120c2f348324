import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { WebSocket } from 'ws';
import { channelCapacity, openFileLimit, RESERVED_DESCRIPTORS } from '../../../src/infrastructure/http/channel/channel-capacity.js';
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
    { keepAliveMs: SWEEP_MS, maxOpen: 3 },
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

/** The answer to an upgrade the server refused: its status and Retry-After. */
const refused = (url: string) =>
  new Promise<[number | undefined, string | undefined]>((resolve, reject) => {
    const socket = new WebSocket(url, ['bearer', 'token']);
    // Ending a refused handshake reports an error: it is the expected outcome here.
    socket.on('error', () => {});
    socket.once('unexpected-response', (_, res) => (resolve([res.statusCode, res.headers['retry-after']]), socket.terminate()));
    socket.once('open', () => reject(new Error('the channel was opened')));
  });

describe('Driver channel', () => {
  let opened: Awaited<ReturnType<typeof channelOn>>;
  beforeEach(async () => (opened = await channelOn()));
  afterEach(async () => opened.stop());

  it('refuses a channel beyond its capacity with 503 and Retry-After, and takes one again once another closed', async () => {
    const sockets = [await connected(opened.url), await connected(opened.url), await connected(opened.url)];
    try {
      expect(await refused(opened.url)).to.deep.equal([503, '30']);
      sockets.pop()!.close();
      await eventually(() => opened.channel.openChannels === 2, 5_000, 'the closed channel is gone');
      sockets.push(await connected(opened.url));
      expect(opened.channel.openChannels).to.equal(3);
    } finally {
      sockets.forEach((socket) => socket.terminate());
    }
  });

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

describe('Driver channel capacity', () => {
  const limits = (soft: string) => () =>
    `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                20000                files\n`;

  it('leaves a reserve of the open-file limit for HTTP and files, unless configured', () => {
    expect(openFileLimit(limits('20000'))).to.equal(20_000);
    expect(channelCapacity(0, openFileLimit(limits('20000')))).to.equal(20_000 - RESERVED_DESCRIPTORS);
    expect(channelCapacity(5_000, 20_000)).to.equal(5_000);
  });

  it('has no bound where the limit is unknown or unlimited', () => {
    expect(openFileLimit(limits('unlimited'))).to.equal(null);
    expect(
      openFileLimit(() => {
        throw new Error('no /proc here');
      }),
    ).to.equal(null);
    expect(channelCapacity(0, null)).to.equal(Number.POSITIVE_INFINITY);
  });
});
