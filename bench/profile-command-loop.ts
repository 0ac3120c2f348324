import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient, onlineDriver, uncheckedAnswers } from '../tests/support/http-client.js';
import { eventually } from '../tests/support/eventually.js';
import { exited, freePort } from '../tests/support/server-process.js';
import { devToken } from '../tests/support/sse-client.js';
import { commandLoop } from './support/command-loop.js';

/**
 * `npx tsx bench/profile-command-loop.ts [all|api] [seconds] [entry]`: the peer comparison's loop
 * (request → accept → cancel, 16 clients) against one API process started with `--cpu-prof`; the
 * profile lands in `.scratch/profiles/` (open it in Chrome DevTools, or sum self times by owner).
 * This is where docs/benchmarks.md's "where a command's CPU goes" comes from. An `entry` of
 * compiled JavaScript (`npx tsc -p tsconfig.build.json --outDir .scratch/dist`, then
 * `.scratch/dist/main.js`) gives the profile real line numbers; `bench/profile-summary.ts` reads it.
 */
const role = process.argv[2] ?? 'api';
const seconds = Number(process.argv[3] ?? 10);
const entry = process.argv[4] ?? 'src/main.ts';
const dataDir = mkdtempSync(join(tmpdir(), 'taxi-profile-'));
const port = await freePort();
const env = { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dataDir, ROLE: role, AUTO_DISPATCH: 'off' };
const limitsOff = { RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_SUBJECT: '1000000000' };
const server = spawn(
  process.execPath,
  ['--cpu-prof', '--cpu-prof-dir=.scratch/profiles', ...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), entry],
  {
    env: { ...process.env, ...env, ...limitsOff },
    stdio: 'inherit',
  },
);
const url = `http://127.0.0.1:${port}`;
try {
  await eventually(
    () =>
      fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      ),
    30_000,
    'the server ready',
    100,
  );
  const client = apiClient(url, { mode: 'infer' }, uncheckedAnswers);
  const crews = await Promise.all(
    Array.from({ length: 16 }, async (_, i) => {
      const driverId = await onlineDriver(client, `Profile${i}`);
      const passengerId = `p-profile-${i}`;
      return {
        driverId,
        driverToken: await devToken(url, 'driver', driverId),
        passengerId,
        passengerToken: await devToken(url, 'passenger', passengerId),
      };
    }),
  );
  const result = await commandLoop(url, crews, seconds);
  process.stdout.write(`${(result.commands / result.seconds).toFixed(0)} commands/s, ${result.failed} failed; profile in .scratch/profiles/\n`);
} finally {
  server.kill('SIGINT'); // --cpu-prof writes its file on a normal exit
  await exited(server);
  rmSync(dataDir, { recursive: true, force: true });
}
