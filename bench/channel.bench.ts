import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Histogram } from 'prom-client';
import { type DriverDependencies, goOnline, registerDriver } from '../src/application/driver/driver-service.js';
import { EVENT_STORE, type EventStore } from '../src/application/ports/event-store.js';
import { loadConfig } from '../src/infrastructure/config/config.js';
import { compose } from '../src/infrastructure/composition-root.js';
import type { DriverAvailabilityFeed } from '../src/infrastructure/geo/driver-availability-feed.js';
import type { Metrics } from '../src/infrastructure/metrics/metrics.js';
import { startRole } from '../src/infrastructure/roles/start-role.js';
import { TOKENS } from '../src/infrastructure/tokens.js';
import type { BenchOptions, BenchRow } from './table.js';

const SECTION = 'geo';
const TARGET_RATE = 20_000;
/** Offered a little above the target, so the rate measured where the pings land can show the target held. */
const OFFERED_RATE = 24_000;
const SENDERS = 2;
const progress = (message: string) => process.stderr.write(`  · ${message}\n`);

type PingerResult = { sent: number; skipped: number; sendSeconds: number; channels: number; errors: Record<string, number>; closedEarly: number };

const devToken = async (url: string, subject: string): Promise<string> => {
  const answer = await fetch(`${url}/api/dev/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'driver', subject }),
  });
  if (!answer.ok) throw new Error(`no development token (${answer.status})`);
  return ((await answer.json()) as { token: string }).token;
};

/** Registers and puts online `count` drivers through the use cases, 50 at a time. */
const onlineDrivers = async (service: DriverDependencies, count: number): Promise<string[]> => {
  const caller = { actor: { role: 'operator' as const, id: 'bench' }, requestId: 'bench' };
  const ids: string[] = [];
  for (let start = 0; start < count; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - start) }, async (_, j) => {
        const { driverId } = await registerDriver(service, { name: `Channel ${start + j}`, vehicleNo: 'C-1', rideTypes: ['STANDARD'] }, caller);
        await goOnline(service, { driverId, location: { lat: 37.55, lng: 126.97 } }, caller);
        return driverId;
      }),
    );
    ids.push(...batch);
  }
  return ids;
};

/** Runs the load generator in a process of its own and answers what it printed. */
const runPinger = (planFile: string): Promise<PingerResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support', 'channel-pinger.ts'), planFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').at(-1)!) as PingerResult);
      else reject(new Error(`the ping load generator exited with ${code}`));
    });
  });

/** The smallest histogram bound under which `q` of the observations fall (a bound, not an exact percentile). */
const quantileBound = async (histogram: Histogram, q: number): Promise<{ bound: number; count: number }> => {
  const { values } = await histogram.get();
  const count = values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
  const buckets = values.filter((v) => v.metricName?.endsWith('_bucket')).sort((a, b) => Number(a.labels.le) - Number(b.labels.le));
  const bucket = buckets.find((v) => v.value >= q * count);
  const le = bucket?.labels.le;
  return { bound: le === undefined || le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), count };
};

type PingCounts = { accepted: number; dropped: number; refused: number };

const pingCounts = async (metrics: Metrics): Promise<PingCounts> => {
  const { values } = await metrics.registry.getSingleMetric('taxi_channel_pings_total')!.get();
  const of = (outcome: string) => values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  return { accepted: of('accepted'), dropped: of('dropped'), refused: of('refused') };
};

/**
 * Samples what the server has handled every 250 ms: the rate is measured where the pings land,
 * from the first sample with any to the one where all were handled (or the last), and the peak RSS.
 */
const watchServer = (metrics: Metrics) => {
  const samples: Array<{ at: number; handled: number }> = [];
  let rss = process.memoryUsage().rss;
  const timer = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss);
    void pingCounts(metrics).then(({ accepted, dropped, refused }) => samples.push({ at: performance.now(), handled: accepted + dropped + refused }));
  }, 250);
  return {
    /** Waits (at most 30 s) until the server has handled every ping sent, then stops sampling. */
    settle: async (sent: number) => {
      const deadline = performance.now() + 30_000;
      while ((samples.at(-1)?.handled ?? 0) < sent && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      clearInterval(timer);
      const first = samples.find((sample) => sample.handled > 0);
      const last = samples.find((sample) => sample.handled >= sent) ?? samples.at(-1);
      const rate = first && last && last.at > first.at ? (last.handled - first.handled) / ((last.at - first.at) / 1_000) : 0;
      return { rate, rss };
    },
  };
};

/**
 * Pings over the driver channel into one `all` process on the embedded stores, from a load
 * generator in another process: N drivers' sockets, each under its rate limit, `OFFERED_RATE` in total.
 */
export const channelPingRows = async ({ quick }: BenchOptions): Promise<BenchRow[]> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'taxi-bench-channel-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_IP: '1000000',
    AUTO_DISPATCH: 'off',
  });
  const container = await compose(config);
  const { url, stop } = await startRole(container);
  // At most 8 pings/s per driver: under the channel's limit of 10/s, as a real fleet (1 per 5 s) is far under.
  const drivers = quick ? 3_000 : 4_000;
  const seconds = quick ? 5 : 15;
  try {
    progress(`registering ${drivers} drivers for the channel`);
    const ids = await onlineDrivers(container.get<DriverDependencies>(TOKENS.DriverDependencies), drivers);
    await container.get<DriverAvailabilityFeed>(TOKENS.AvailabilityFeed).waitFor(await container.get<EventStore>(EVENT_STORE).headPosition(), 60_000);
    const tokens: string[] = [];
    for (let i = 0; i < ids.length; i += 100) tokens.push(...(await Promise.all(ids.slice(i, i + 100).map((id) => devToken(url, id)))));
    // Two load processes, each with half the drivers: one sender process is the bottleneck on this machine.
    const plans = [0, 1].map((part) => {
      const planFile = join(dataDir, `plan-${part}.json`);
      const mine = ids.flatMap((driverId, i) => (i % SENDERS === part ? [{ driverId, token: tokens[i] }] : []));
      writeFileSync(planFile, JSON.stringify({ url, drivers: mine, rate: OFFERED_RATE / SENDERS, seconds }));
      return planFile;
    });

    progress(`${drivers} channels from ${SENDERS} other processes, ${OFFERED_RATE.toLocaleString('en-US')} pings/s offered for ${seconds} s`);
    const metrics = container.get<Metrics>(TOKENS.Metrics);
    const server = watchServer(metrics);
    const results = await Promise.all(plans.map(runPinger));
    const result = results.reduce((sum, one) => ({
      sent: sum.sent + one.sent,
      skipped: sum.skipped + one.skipped,
      sendSeconds: Math.max(sum.sendSeconds, one.sendSeconds),
      channels: sum.channels + one.channels,
      errors: { ...sum.errors, ...one.errors },
      closedEarly: sum.closedEarly + one.closedEarly,
    }));
    const { rate, rss } = await server.settle(result.sent);
    const { accepted, dropped, refused } = await pingCounts(metrics);
    const lost = result.sent - accepted;
    const visible = await quantileBound(metrics.registry.getSingleMetric('taxi_channel_ping_visible_seconds') as Histogram, 0.99);
    const problems = Object.entries(result.errors).map(([code, n]) => `${n} ${code}`);
    return [
      {
        section: SECTION,
        name: `driver pings over the channel (WebSocket), ${drivers.toLocaleString('en-US')} drivers' sockets from ${SENDERS} separate processes, ${seconds} s, group commit; rate as the server handled them (${accepted.toLocaleString('en-US')} of ${result.sent.toLocaleString('en-US')} stored, ${dropped} rate-limited, ${refused} refused; sender sent ${(result.sent / result.sendSeconds).toFixed(0)}/s, skipped ${result.skipped} when starved${problems.length ? `; ${problems.join(', ')}` : ''})`,
        value: rate,
        unit: 'pings/s',
        target: `≥ ${TARGET_RATE.toLocaleString('en-US')}/s (${OFFERED_RATE.toLocaleString('en-US')}/s offered), none lost`,
        met: rate >= TARGET_RATE && lost === 0 && result.closedEarly === 0,
      },
      {
        section: SECTION,
        name: `channel ping → visible to the nearest-driver query, p99 (histogram bound; ${visible.count.toLocaleString('en-US')} pings)`,
        value: visible.bound * 1_000,
        unit: 'ms',
        target: 'p99 < 1,000 ms',
        met: visible.bound < 1,
      },
      { section: SECTION, name: 'api process RSS, peak during the channel run', value: rss / 1_048_576, unit: 'MiB', target: null, met: null },
    ];
  } finally {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
