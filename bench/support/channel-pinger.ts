/**
 * The channel bench's load generator, a process of its own (bench/channel.bench.ts starts it):
 * opens one driver channel per driver given, then sends pings at `rate` per second in total, round
 * robin, for `seconds`, each stamped with its send time (`at`) so the server can tell how long it
 * took to reach its index. 127.0.0.1 only; bounded in time and count. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';

type Plan = { url: string; drivers: Array<{ driverId: string; token: string }>; rate: number; seconds: number };

const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Plan;
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(plan.url)) throw new Error(`the load goes to 127.0.0.1 only, not ${plan.url}`);
const TICK_MS = 10;
const errors = new Map<string, number>();
let closedEarly = 0;

const open = (driverId: string, token: string) =>
  new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(`${plan.url.replace(/^http/, 'ws')}/api/drivers/${driverId}/channel`, ['bearer', token], {
      perMessageDeflate: false,
    });
    socket.on('message', (data) => {
      const message = JSON.parse((data as Buffer).toString('utf8')) as { type: string; code?: string };
      if (message.type === 'ready') resolve(socket);
      if (message.type === 'error') errors.set(message.code ?? '?', (errors.get(message.code ?? '?') ?? 0) + 1);
    });
    socket.on('close', (code) => {
      if (code !== 1000 && code !== 1005) closedEarly++;
    });
    socket.once('error', reject);
  });

const main = async () => {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < plan.drivers.length; i += 200) {
    sockets.push(...(await Promise.all(plan.drivers.slice(i, i + 200).map(({ driverId, token }) => open(driverId, token)))));
  }
  const perTick = (plan.rate * TICK_MS) / 1_000;
  // A starved sender (this machine is shared) sends at most three ticks' worth at once and skips the
  // rest: a burst of stale pings would measure the sender's stall, not the server.
  const most = Math.ceil(perTick * 3);
  let [sent, skipped, next] = [0, 0, 0];
  const started = performance.now();
  while (performance.now() - started < plan.seconds * 1_000) {
    const due = Math.floor(((performance.now() - started) / TICK_MS + 1) * perTick);
    const owed = due - sent - skipped;
    const now = Math.max(0, Math.min(owed, most));
    skipped += owed - now;
    const at = new Date().toISOString();
    for (let k = 0; k < now; k++, sent++, next = (next + 1) % sockets.length) {
      const lat = 37.4 + Math.random() * 0.3;
      const lng = 126.8 + Math.random() * 0.35;
      sockets[next]!.send(`{"type":"ping","location":{"lat":${lat},"lng":${lng}},"at":"${at}"}`);
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  const sendSeconds = (performance.now() - started) / 1_000;
  // Whatever is still in the sockets' buffers goes out before they close.
  while (sockets.some((socket) => socket.bufferedAmount > 0)) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const socket of sockets) socket.close(1000);
  process.stdout.write(
    `${JSON.stringify({ sent, skipped, sendSeconds, channels: sockets.length, errors: Object.fromEntries(errors), closedEarly })}\n`,
  );
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
