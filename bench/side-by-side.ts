import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient, onlineDriver, uncheckedAnswers } from '../tests/support/http-client.js';
import { eventually } from '../tests/support/eventually.js';
import { exited, freePort } from '../tests/support/server-process.js';
import { devToken } from '../tests/support/sse-client.js';
import type { Crew } from './support/autocannon-rides.js';
import type { LoopResult } from './support/command-loop.js';
import { percentile } from './support/measure.js';
import { cpuSecondsOf } from './support/process-cpu.js';

/**
 * `npx tsx bench/side-by-side.ts <all|api> <seconds> <rounds> <main.ts> <main.ts> …`: two (or more)
 * versions of the server — e.g. `src/main.ts` and a copy of an older `src/` made with
 * `git archive <commit> src | tar -x -C .scratch/before` — started together and loaded together
 * with the peer comparison's loop (request → accept → cancel, 16 clients each, each load in its
 * own process). On this shared machine a lap's rate moves threefold with the load of the moment,
 * and laps run one after another favour whichever ran first; loaded at once, the versions meet
 * the same machine, so their ratio says what the code changed. Prints one line per version and round.
 */
const [role = 'api', seconds = '8', rounds = '3', ...mains] = process.argv.slice(2);
const LIMITS_OFF = { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_SUBJECT: '1000000000' };

const loop = (url: string, crews: Crew[], forSeconds: number) =>
  new Promise<LoopResult>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/command-loop.ts', JSON.stringify({ url, crews, seconds: forSeconds })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as LoopResult) : reject(new Error(`load generator exited with ${code}`))));
  });

type Started = { main: string; url: string; crews: Crew[]; server: ChildProcess; dataDir: string };

const start = async (main: string, round: number): Promise<Started> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'taxi-side-'));
  const port = await freePort();
  const env = {
    ...process.env,
    ...LIMITS_OFF,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    ROLE: role,
    AUTO_DISPATCH: 'off',
  };
  const server = spawn(process.execPath, ['--import', 'tsx', main], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const ready = () =>
    fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
  await eventually(ready, 60_000, `${main} ready`, 100);
  const client = apiClient(url, { mode: 'infer' }, uncheckedAnswers);
  // 16 crews warm up, 16 fresh ones are measured (a lap cut short leaves rides open).
  const crews = await Promise.all(
    Array.from({ length: 32 }, async (_, i): Promise<Crew> => {
      const driverId = await onlineDriver(client, `Side${round}x${i}`);
      const passengerId = `p-side-${round}x${i}`;
      return {
        driverId,
        driverToken: await devToken(url, 'driver', driverId),
        passengerId,
        passengerToken: await devToken(url, 'passenger', passengerId),
      };
    }),
  );
  return { main, url, crews, server, dataDir };
};

const stop = async ({ server, dataDir }: Started) => {
  server.kill('SIGTERM');
  await exited(server);
  rmSync(dataDir, { recursive: true, force: true });
};

for (let round = 0; round < Number(rounds); round++) {
  const targets: Started[] = [];
  for (const main of mains) targets.push(await start(main, round));
  try {
    await Promise.all(targets.map((t) => loop(t.url, t.crews.slice(0, 16), 2)));
    const cpuBefore = targets.map((t) => cpuSecondsOf(t.server.pid) ?? 0);
    const results = await Promise.all(targets.map((t) => loop(t.url, t.crews.slice(16), Number(seconds))));
    targets.forEach((target, i) => {
      const result = results[i]!;
      const cpuMs = (((cpuSecondsOf(target.server.pid) ?? 0) - cpuBefore[i]!) * 1000) / Math.max(1, result.commands);
      const p99 = percentile([...result.latencies.request, ...result.latencies.accept, ...result.latencies.cancel], 0.99);
      const rate = result.commands / result.seconds;
      process.stdout.write(
        `round ${round + 1} ${target.main} (${role}): ${rate.toFixed(0)} commands/s, p99 ${p99.toFixed(0)} ms, ` +
          `${cpuMs.toFixed(2)} ms CPU per command, ${result.failed + result.errors} failed, load ${loadavg()[0]!.toFixed(1)}\n`,
      );
    });
  } finally {
    for (const target of targets) await stop(target);
  }
}
