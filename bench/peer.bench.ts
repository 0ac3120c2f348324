import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { apiClient, onlineDriver, uncheckedAnswers } from '../tests/support/http-client.js';
import { eventually } from '../tests/support/eventually.js';
import { exited, freePort, type ServerProcess, startServerProcess } from '../tests/support/server-process.js';
import { devToken } from '../tests/support/sse-client.js';
import { type BenchOptions, type BenchRow, ratioRow } from './table.js';
import type { Crew } from './support/autocannon-rides.js';
import type { LoopResult } from './support/command-loop.js';
import { cpuSecondsOf, cpuSecondsOfAll } from './support/process-cpu.js';
import { median, percentile, progress, withScratchDir } from './support/measure.js';
import { debianPostgres, freshPostgresDatabase, stopPostgres } from './support/postgres.js';

const SECTION = '3b command path vs peer';
const PEER_DIR = 'bench/peers/emmett-postgresql';
const CLIENTS = 16;
const ROUNDS = 3;
// Abuse limits stay in the path but cannot trip: the load comes from one address.
/**
 * The project's server, `src/main.ts` unless BENCH_SERVER_ENTRY names another (an older `src/`
 * unpacked with `git archive <commit> src | tar -x -C .scratch/before`), so the same bench can
 * measure the code before a change, round for round with the code after it.
 */
const SERVER_ENTRY = process.env.BENCH_SERVER_ENTRY ?? 'src/main.ts';
const PROJECT_ENV = { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_SUBJECT: '1000000000', AUTO_DISPATCH: 'off', LOG_LEVEL: 'warn' };

/** `cpu`: CPU seconds its server processes used so far (the peer's include PostgreSQL's). */
type Target = { name: string; url: string; crews: () => Promise<Crew[]>; stop: () => Promise<void>; cpu: () => number };
type Lap = { perSecond: number; p99: number; failed: number; cpuMs: number };

const kill = async (child: ChildProcess) => {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited(child);
  clearTimeout(timer);
};

/** The load generator in its own process, so it never takes the server's event loop. */
const loopInItsOwnProcess = (url: string, crews: Crew[], seconds: number) =>
  new Promise<LoopResult>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/command-loop.ts', JSON.stringify({ url, crews, seconds })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as LoopResult) : reject(new Error(`load generator exited with ${code}`))));
  });

const startPeer = async (databaseUrl: string): Promise<Target> => {
  if (!existsSync(`${PEER_DIR}/node_modules`)) {
    progress('peer: installing its packages (npm ci, first use only)');
    execFileSync('npm', ['ci', '--prefix', PEER_DIR, '--no-audit', '--no-fund'], { stdio: 'ignore' });
  }
  const port = await freePort();
  const child = spawn(process.execPath, ['server.mjs'], {
    cwd: PEER_DIR,
    env: { ...process.env, PEER_DATABASE_URL: databaseUrl, PORT: String(port) },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    () =>
      fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      ),
    20_000,
    'the peer ready',
    100,
  );
  let lap = 0;
  const crews = async () => {
    lap += 1;
    return Array.from({ length: CLIENTS }, (_, i) => ({
      driverId: `d-${lap}x${i}`,
      driverToken: '',
      passengerId: `p-${lap}x${i}`,
      passengerToken: '',
    }));
  };
  const cpu = () => (cpuSecondsOf(child.pid) ?? 0) + cpuSecondsOfAll('postgres');
  return { name: 'Emmett 0.42 + PostgreSQL (peer)', url, crews, stop: () => kill(child), cpu };
};

/** The project's API with fresh drivers and passengers for each lap (a lap cut short leaves rides open). */
const startProject = async (name: string, dir: string, env: Record<string, string>, companions: ServerProcess[] = []): Promise<Target> => {
  const server = await startServerProcess({ ...PROJECT_ENV, DATA_DIR: dir, ...env }, SERVER_ENTRY);
  const client = apiClient(server.url, { mode: 'infer' }, uncheckedAnswers);
  let lap = 0;
  const crews = async () => {
    lap += 1;
    return Promise.all(
      Array.from({ length: CLIENTS }, async (_, i): Promise<Crew> => {
        const driverId = await onlineDriver(client, `Peer${lap}x${i}`);
        const passengerId = `p-peer-${lap}x${i}`;
        return {
          driverId,
          driverToken: await devToken(server.url, 'driver', driverId),
          passengerId,
          passengerToken: await devToken(server.url, 'passenger', passengerId),
        };
      }),
    );
  };
  const stop = async () => {
    for (const process of [server, ...companions]) await kill(process.child);
  };
  // The API process only: the peer has no read side to pay for.
  return { name, url: server.url, crews, stop, cpu: () => cpuSecondsOf(server.child.pid) ?? 0 };
};

const lap = async (target: Target, seconds: number): Promise<Lap> => {
  progress(`peer comparison: ${target.name}, ${seconds} s`);
  const crews = await target.crews();
  const cpuBefore = target.cpu();
  const result = await loopInItsOwnProcess(target.url, crews, seconds);
  const cpuMs = ((target.cpu() - cpuBefore) * 1000) / Math.max(1, result.commands);
  const all = [...result.latencies.request, ...result.latencies.accept, ...result.latencies.cancel];
  return { perSecond: result.commands / result.seconds, p99: percentile(all, 0.99), failed: result.failed + result.errors, cpuMs };
};

const atMostHalf = (row: BenchRow): BenchRow => ({ ...row, met: row.ratio === null || row.ratio === undefined ? null : row.ratio <= 0.5 });

const rowsOf = (peer: Lap[], project: Lap[], name: string): BenchRow[] => {
  const peerRate = median(peer.map((l) => l.perSecond));
  const peerP99 = median(peer.map((l) => l.p99));
  const rate = median(project.map((l) => l.perSecond));
  const p99 = median(project.map((l) => l.p99));
  const baseline = { value: peerRate, unit: 'commands/s', name: 'Emmett + PostgreSQL peer' };
  return [
    ratioRow(
      {
        section: SECTION,
        name: `${name}: request → accept → cancel, ${CLIENTS} clients`,
        value: rate,
        unit: 'commands/s',
        baseline,
        target: '≥ 2× peer',
      },
      2,
    ),
    {
      section: SECTION,
      name: `${name}: p99 of a command (peer ${peerP99.toFixed(0)} ms); failed ${project.reduce((n, l) => n + l.failed, 0)}`,
      value: p99,
      unit: 'ms',
      target: '< peer',
      met: p99 < peerP99,
    },
    // Load-independent: what one command costs in CPU, so a busy shared machine does not hide it.
    atMostHalf(
      ratioRow(
        {
          section: SECTION,
          name: `${name}: CPU per command (peer's: node + PostgreSQL)`,
          value: median(project.map((l) => l.cpuMs)),
          unit: 'ms',
          baseline: { value: median(peer.map((l) => l.cpuMs)), unit: 'ms', name: 'peer' },
          target: '≤ 0.5× peer',
        },
        null,
      ),
    ),
  ];
};

/**
 * The HTTP command path against the Emmett + PostgreSQL peer: three alternated rounds of the
 * same loop (peer, all-in-one, api role with the projector in another process), medians compared.
 */
export const peerBench = async ({ quick }: BenchOptions): Promise<BenchRow[]> => {
  const version = debianPostgres();
  if (!version) {
    progress('peer comparison skipped: no PostgreSQL from Debian in /usr/lib/postgresql');
    return [
      { section: SECTION, name: 'skipped: PostgreSQL is not installed (apt-get install postgresql)', value: '–', unit: '', target: null, met: null },
    ];
  }
  const seconds = quick ? 4 : 10;
  const { url, startedCluster } = freshPostgresDatabase(version, 'taxi_peer_bench');
  return withScratchDir('taxi-peer-', async (dir) => {
    const projector = await startServerProcess({ ...PROJECT_ENV, DATA_DIR: `${dir}/api`, ROLE: 'projector' }, SERVER_ENTRY);
    const targets = [
      await startPeer(url),
      await startProject('all-in-one', `${dir}/all`, {}),
      await startProject('api role (projector in another process)', `${dir}/api`, { ROLE: 'api' }, [projector]),
    ];
    try {
      for (const target of targets) await lap(target, quick ? 1 : 2); // warm-up
      const laps: Lap[][] = targets.map(() => []);
      for (let round = 0; round < (quick ? 1 : ROUNDS); round++)
        for (const [i, target] of targets.entries()) laps[i]!.push(await lap(target, seconds));
      const [peer, all, api] = laps as [Lap[], Lap[], Lap[]];
      return [
        {
          section: SECTION,
          name: `peer: request → accept → cancel, ${CLIENTS} clients, PostgreSQL ${version}`,
          value: median(peer.map((l) => l.perSecond)),
          unit: 'commands/s',
          target: null,
          met: null,
        },
        ...rowsOf(peer, all, 'all-in-one'),
        ...rowsOf(peer, api, 'api role'),
      ];
    } finally {
      for (const target of targets) await target.stop();
      if (startedCluster) stopPostgres(version);
    }
  });
};
