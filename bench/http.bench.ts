import autocannon from 'autocannon';
import { apiClient, onlineDriver, uncheckedAnswers } from '../tests/support/http-client.js';
import { exited, type ServerProcess, startServerProcess } from '../tests/support/server-process.js';
import { devToken } from '../tests/support/sse-client.js';
import { type BenchOptions, type BenchRow, ratioRow } from './table.js';
import { COMMANDS, CONNECTIONS, type CommandName, type Crew, type Lap, rideLifecycles } from './support/autocannon-rides.js';
import { median, p50p99, percentile, progress, withScratchDir } from './support/measure.js';
import { pacedGets, pacedRides } from './support/paced-rides.js';
import { cpuSecondsOf } from './support/process-cpu.js';
import { readSideOf } from './support/quiescence.js';

const SECTION = '3 http';

const getRate = async (url: string, seconds: number) => {
  const result = await autocannon({ url, connections: CONNECTIONS, pipelining: 1, duration: seconds });
  return { perSecond: result.requests.total / result.duration, requests: result.requests.total, errors: result.errors + result.non2xx };
};

/** Runs `work` and says how many CPU seconds the server process spent meanwhile. */
const withCpu = async <T>(server: ServerProcess, work: () => Promise<T>): Promise<{ result: T; cpu: number | null }> => {
  const before = cpuSecondsOf(server.child.pid);
  const result = await work();
  const after = cpuSecondsOf(server.child.pid);
  return { result, cpu: before === null || after === null ? null : after - before };
};

/**
 * The server's event-loop delay (prom-client's default metrics; each scrape resets the
 * histogram, so a scrape before and one after bracket a lap). Sampled every 10 ms, so 10 ms is
 * the floor of these figures, not a delay.
 */
const eventLoopDelay = async (url: string) => {
  const text = await (await fetch(`${url}/metrics`)).text();
  const gauge = (name: string) =>
    Number(new RegExp(`^nodejs_eventloop_lag_${name}_seconds(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? Number.NaN) * 1000;
  return { p99: gauge('p99'), max: gauge('max') };
};

const stop = async (server: ServerProcess) => {
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await exited(server.child);
  clearTimeout(timer);
};

const sum = (counts: Record<CommandName, number>) => COMMANDS.reduce((total, command) => total + counts[command], 0);
const failures = (lap: Lap) => sum(lap.failed) + lap.errors;
// The abuse limits stay in the path (their cost is part of every request) but cannot trip: all
// the load comes from one address and a few subjects.
const UNLIMITED = { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_SUBJECT: '1000000000' };

/** The API under test in its own process, with `CONNECTIONS` fresh crews for each lap (a lap cut short leaves its drivers mid-ride). */
const startApi = async (dir: string, env: Record<string, string> = {}) => {
  const server = await startServerProcess({ DATA_DIR: dir, LOG_LEVEL: 'warn', ...UNLIMITED, ...env });
  const client = apiClient(server.url, { mode: 'infer' }, uncheckedAnswers);
  let lap = 0;
  const crews = async () => {
    lap += 1;
    return Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, i): Promise<Crew> => {
        const driverId = await onlineDriver(client, `Bench${lap}x${i}`);
        const passengerId = `p-bench-${lap}x${i}`;
        return {
          driverId,
          driverToken: await devToken(server.url, 'driver', driverId),
          passengerId,
          passengerToken: await devToken(server.url, 'passenger', passengerId),
        };
      }),
    );
  };
  return { server, client, crews };
};

type Round = {
  baseline: { perSecond: number; errors: number; cpuMs: number | null };
  max: Lap;
  maxRate: number;
  cpuMs: number | null;
  backlog: { behind: number; lifecycleBehind: number };
  catchUpMs: number | null;
  health: number;
  roleApi: number;
};

type Api = Awaited<ReturnType<typeof startApi>>;

/**
 * One round: the trivial GET (the baseline), the API's max-rate lap, /health/live and the
 * ROLE=api lap, one after the other, so every ratio compares laps minutes apart at most.
 */
const round = async (
  trivial: ServerProcess,
  all: Api,
  readSide: ReturnType<typeof readSideOf>,
  roleApi: Api,
  seconds: number,
  quick: boolean,
): Promise<Round> => {
  progress('http: trivial express GET (baseline)');
  const baseline = await withCpu(trivial, () => getRate(`${trivial.url}/ping`, seconds));
  // Every lap starts on a quiet system: the read side caught up, the sagas done.
  await readSide.quiet(120_000);
  progress(`http: ride lifecycles, as fast as they go, ${seconds} s`);
  const { result: max, cpu } = await withCpu(all.server, async () => rideLifecycles(all.server.url, await all.crews(), seconds));
  const backlog = await readSide.backlog();
  const catchUpMs = await readSide.quiet(120_000);
  const health = await getRate(`${all.server.url}/health/live`, quick ? 2 : 4);
  progress('http: ride lifecycles against ROLE=api alone');
  const lap = await rideLifecycles(roleApi.server.url, await roleApi.crews(), seconds);
  return {
    baseline: {
      perSecond: baseline.result.perSecond,
      errors: baseline.result.errors,
      cpuMs: baseline.cpu === null ? null : (baseline.cpu * 1000) / baseline.result.requests,
    },
    max,
    maxRate: sum(max.ok) / max.seconds,
    cpuMs: cpu === null ? null : (cpu * 1000) / sum(max.ok),
    backlog,
    catchUpMs,
    health: health.perSecond,
    roleApi: sum(lap.ok) / lap.seconds,
  };
};

const measureApi = async (trivial: ServerProcess, dir: string, seconds: number, quick: boolean): Promise<BenchRow[]> => {
  await getRate(`${trivial.url}/ping`, 1);
  const all = await startApi(`${dir}/all`);
  // Where the time goes: the same lap with the projections and workers in other processes.
  const roleApi = await startApi(`${dir}/api`, { ROLE: 'api' });
  const readSide = readSideOf(`${dir}/all`);
  const rows: BenchRow[] = [];
  try {
    progress('http: warming up');
    await rideLifecycles(all.server.url, await all.crews(), quick ? 2 : 3);
    await rideLifecycles(roleApi.server.url, await roleApi.crews(), quick ? 1 : 2);
    const rounds: Round[] = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) rounds.push(await round(trivial, all, readSide, roleApi, seconds, quick));
    // Medians of the rounds; the lap details come from the round whose max rate is the median.
    const typical = [...rounds].sort((a, b) => a.maxRate - b.maxRate)[Math.floor(rounds.length / 2)]!;
    const baselineRate = median(rounds.map((r) => r.baseline.perSecond));
    const maxRate = median(rounds.map((r) => r.maxRate));
    const baselineRef = { value: baselineRate, unit: 'requests/s', name: 'trivial GET' };
    const { max, backlog, catchUpMs } = typical;

    const ridesPerSecond = maxRate / 2 / COMMANDS.length;
    // Longer than the max-rate lap: a p99 wants samples (30 s at 50 rides/s: 1,500 per command).
    const pacedSeconds = quick ? seconds : 3 * seconds;
    progress(`http: paced rides at half the max rate (${ridesPerSecond.toFixed(1)} rides/s), ${pacedSeconds} s`);
    const drivers = await Promise.all(Array.from({ length: 32 }, (_, i) => onlineDriver(all.client, `Paced${i}`)));
    await readSide.quiet(120_000);
    await eventLoopDelay(all.server.url);
    const half = await pacedRides(all.client, drivers, ridesPerSecond, pacedSeconds);
    const halfLoop = await eventLoopDelay(all.server.url);
    progress('http: paced trivial GETs at the same request rate (latency floor of this machine)');
    const floor = await pacedGets(
      apiClient(trivial.url, { mode: 'anonymous' }, uncheckedAnswers),
      '/ping',
      (half.rides * COMMANDS.length) / half.seconds,
      quick ? 3 : 5,
    );
    const halfFailures = half.failed + half.skipped;
    const halfBacklog = await readSide.backlog();

    rows.push(
      {
        section: SECTION,
        name: `trivial express GET, ${CONNECTIONS} connections (baseline)`,
        value: baselineRate,
        unit: 'requests/s',
        target: null,
        met: rounds.every((r) => r.baseline.errors === 0) ? null : false,
      },
      ratioRow(
        {
          section: SECTION,
          name: `command requests at max rate (all 4 commands), ${CONNECTIONS} connections`,
          value: maxRate,
          unit: 'requests/s',
          baseline: baselineRef,
          target: '≥ 0.40× trivial',
        },
        0.4,
      ),
      { section: SECTION, name: 'full ride lifecycles at max rate', value: max.ok.finish / max.seconds, unit: 'rides/s', target: null, met: null },
      {
        section: SECTION,
        name: 'failed requests at max rate (non-2xx + socket errors), all rounds',
        value: rounds.reduce((total, r) => total + failures(r.max), 0),
        unit: 'requests',
        target: '0',
        met: rounds.every((r) => failures(r.max) === 0),
      },
      ...COMMANDS.map((command): BenchRow => ({
        section: SECTION,
        name: `POST ${command} p50 / p99 at max rate`,
        value: p50p99(max.latencies[command]),
        unit: 'ms',
        target: null,
        met: null,
      })),
      {
        section: SECTION,
        name: 'read side; ride lifecycle saga behind at the end of the max-rate lap; time to catch up',
        value: `${backlog.behind}; ${backlog.lifecycleBehind} events; ${catchUpMs === null ? '> 120 s' : `${(catchUpMs / 1000).toFixed(1)} s`}`,
        unit: '',
        target: null,
        met: null,
      },
      {
        section: SECTION,
        name: 'server CPU per request: API command / trivial GET',
        value:
          typical.cpuMs === null || typical.baseline.cpuMs === null ? 'n/a' : `${typical.cpuMs.toFixed(2)} / ${typical.baseline.cpuMs.toFixed(2)}`,
        unit: 'ms',
        target: null,
        met: null,
      },
      ratioRow(
        {
          section: SECTION,
          name: 'API process GET /health/live (no auth, no store)',
          value: median(rounds.map((r) => r.health)),
          unit: 'requests/s',
          baseline: baselineRef,
          target: null,
        },
        null,
      ),
      {
        section: SECTION,
        name: 'paced rides at half the max command rate: achieved; skipped + failed; read side; ride lifecycle behind at the end',
        value: `${(half.rides / half.seconds).toFixed(1)} rides/s; ${halfFailures}; ${halfBacklog.behind}; ${halfBacklog.lifecycleBehind} events`,
        unit: '',
        target: '0 skipped or failed',
        met: halfFailures === 0,
      },
      {
        section: SECTION,
        name: "trivial GET p50 / p99 paced at that same request rate (the machine's floor)",
        value: p50p99(floor.latencies),
        unit: 'ms',
        target: null,
        met: floor.failed === 0 ? null : false,
      },
      {
        section: SECTION,
        name: 'server event-loop delay during the paced lap, p99 / max (10 ms sampling floor)',
        value: `${halfLoop.p99.toFixed(0)} / ${halfLoop.max.toFixed(0)}`,
        unit: 'ms',
        target: null,
        met: null,
      },
      ...COMMANDS.map((command): BenchRow => ({
        section: SECTION,
        name: `POST ${command} p50 / p99 at half rate`,
        value: p50p99(half.latencies[command]),
        unit: 'ms',
        target: 'p99 < 50 ms',
        met: percentile(half.latencies[command], 0.99) < 50,
      })),
      ratioRow(
        {
          section: SECTION,
          name: 'command requests at max rate, ROLE=api (projector and workers elsewhere)',
          value: median(rounds.map((r) => r.roleApi)),
          unit: 'requests/s',
          baseline: baselineRef,
          target: null,
        },
        null,
      ),
    );
  } finally {
    await readSide.close();
    await stop(all.server);
    await stop(roleApi.server);
  }
  return rows;
};

/**
 * Everything that serves runs in child processes — the API (the embedded `all` role:
 * projections, sagas and the payment gateway simulator included), and the trivial express
 * server — while autocannon and the paced client run in this process: on two cores the server
 * gets one and the load generator the other.
 */
export const httpBench = async ({ quick }: BenchOptions): Promise<BenchRow[]> =>
  withScratchDir('http', async (dir) => {
    const seconds = quick ? 4 : 10;
    const trivial = await startServerProcess({}, 'bench/support/trivial-server.ts');
    try {
      return await measureApi(trivial, dir, seconds, quick);
    } finally {
      await stop(trivial);
    }
  });
