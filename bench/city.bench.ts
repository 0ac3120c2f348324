import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoResult } from '../scripts/demo/city.js';
import { exited, startServerProcess } from '../tests/support/server-process.js';
import { progress, withScratchDir } from './support/measure.js';
import type { BenchOptions, BenchRow } from './table.js';

const SECTION = '9 city';

/** `npm run demo -- --profile city` shortened: the same fleet and call rate, fewer minutes (quick: a tenth of the fleet). */
const RUN = {
  quick: { drivers: 2_000, callsPerSecond: 2, seconds: 60, processes: 1 },
  full: { drivers: 20_000, callsPerSecond: 20, seconds: 240, processes: 4 },
};
const TICK_S = 5;

type DemoJson = DemoResult & { settings: { drivers: number; tickMs: number }; channelCapacity: number | null };

/** The demo as a user runs it: its own process (the load generator never shares the server's event loop). */
const runDemo = (url: string, dataDir: string, run: (typeof RUN)['quick'], out: string) =>
  new Promise<number>((resolve) => {
    const args = [
      ...['--import', 'tsx', 'scripts/demo.ts', url, '--profile', 'city'],
      ...['--drivers', String(run.drivers), '--calls-per-second', String(run.callsPerSecond), '--seconds', String(run.seconds)],
      ...['--processes', String(run.processes), '--check', '--json', out],
    ];
    const child = execFile(process.execPath, args, { env: { ...process.env, DATA_DIR: dataDir }, maxBuffer: 64 * 2 ** 20 }, (error) =>
      resolve(error ? Number(error.code ?? 1) : 0),
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      const last = String(chunk).trim().split('\n').at(-1);
      if (last) progress(`city: ${last.slice(0, 160)}`);
    });
  });

const rows = (result: DemoJson, exitCode: number): BenchRow[] => {
  const { drivers, tickMs } = result.settings;
  const capped = result.channelCapacity !== null && result.channelCapacity < drivers;
  const label =
    `${drivers.toLocaleString('en-US')} taxis, ${result.tally.requested.toLocaleString('en-US')} calls` +
    (capped ? `; the server holds ${result.channelCapacity!.toLocaleString('en-US')} channels: its open-file limit` : '');
  const fleetRate = drivers / (tickMs / 1000);
  const clean = result.check.ok && result.leftOpen.length === 0;
  const row = (name: string, value: number | string, unit: string, target: string | null, met: boolean | null): BenchRow => ({
    section: SECTION,
    name,
    value,
    unit,
    target,
    met,
  });
  return [
    row(
      `pings over ${result.transport}, last 30 s of the run (${label})`,
      result.recentPingsPerSecond,
      'pings/s',
      `≥ 95 % of the fleet's ${fleetRate.toLocaleString('en-US')}/s`,
      result.recentPingsPerSecond >= 0.95 * fleetRate,
    ),
    row(`  the same over the whole run`, result.pingsPerSecond, 'pings/s', null, null),
    row(
      'request → offer at the taxi, p50 / p99',
      `${Math.round(result.requestToOfferMs.p50)} / ${Math.round(result.requestToOfferMs.p99)}`,
      'ms',
      'p99 < 1,000 ms',
      result.requestToOfferMs.p99 < 1_000,
    ),
    row('projection lag p99 (server /metrics, 1 s scrapes)', result.server.lagP99Ms, 'ms', 'p99 < 1,000 ms', result.server.lagP99Ms < 1_000),
    row('server RSS max / CPU', `${Math.round(result.server.rssMaxMb)} MB / ${Math.round(result.server.cpuPercent)} %`, '', null, null),
    row(
      `city left clean (finished ${result.tally.finished}, cancelled ${result.tally.cancelled}; read models = rebuild)`,
      clean ? 'clean' : 'NOT clean',
      '',
      'no open ride, no busy driver, all paid or pending',
      clean && exitCode === 0,
    ),
  ];
};

/**
 * The city row: the demo's city profile, shortened, against `npm start` as shipped (its rate
 * limits included: the fleet signs in paced by Retry-After) in a separate server process.
 */
export const cityBench = async ({ quick }: BenchOptions): Promise<BenchRow[]> =>
  withScratchDir('city', async (dir) => {
    const run = quick ? RUN.quick : RUN.full;
    const server = await startServerProcess({ DATA_DIR: dir, LOG_LEVEL: 'warn' });
    try {
      progress(`city: ${run.drivers} taxis, ${run.callsPerSecond} calls/s, ${run.seconds} s, pings every ${TICK_S} s`);
      const out = join(dir, 'city.json');
      const exitCode = await runDemo(server.url, dir, run, out);
      return rows(JSON.parse(readFileSync(out, 'utf8')) as DemoJson, exitCode);
    } finally {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
  });
