import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { apiClient, onlineDriver, uncheckedAnswers } from './tests/support/http-client.js';
import { devToken } from './tests/support/sse-client.js';
import { freePort } from './tests/support/server-process.js';
import { eventually } from './tests/support/eventually.js';
import { commandLoop } from './bench/support/command-loop.js';
const port = await freePort();
const dir = mkdtempSync('/tmp/prof-data-');
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', '--import', 'tsx', 'src/main.ts'], {
  cwd: '/work/wt-writeside',
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dir, RATE_LIMIT_PER_IP: '1000000000', RATE_LIMIT_PER_SUBJECT: '1000000000', AUTO_DISPATCH: 'off', ROLE: process.env.PROF_ROLE ?? 'all' },
  stdio: 'inherit',
});
const url = `http://127.0.0.1:${port}`;
await eventually(() => fetch(`${url}/health/ready`).then((r) => r.ok, () => false), 30000, 'ready', 100);
const client = apiClient(url, { mode: 'infer' }, uncheckedAnswers);
const crews = await Promise.all(Array.from({ length: 16 }, async (_, i) => {
  const driverId = await onlineDriver(client, `Prof${i}`);
  return { driverId, driverToken: await devToken(url, 'driver', driverId), passengerId: `p-prof-${i}`, passengerToken: await devToken(url, 'passenger', `p-prof-${i}`) };
}));
const r = await commandLoop(url, crews, 10);
console.log(JSON.stringify({ perSecond: r.commands / r.seconds, failed: r.failed }));
child.kill('SIGINT');
await new Promise((res) => child.on('exit', res));
