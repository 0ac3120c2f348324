import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { eventually } from './eventually.js';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

export type ServerProcess = { url: string; child: ChildProcess; output: () => string };

/**
 * Store and service URLs a test run may carry (CI sets MONGO_URL for the contract suites): a
 * spawned server uses one only when its test asks for it, never by inheritance.
 */
const EXTERNAL_SERVICES = ['EVENTSTORE_URL', 'MONGO_URL', 'MONGO_DB', 'PAYMENT_GATEWAY_URL', 'NOTIFY_WEBHOOK_URL'];

/** Starts `src/main.ts` as a real process (so it can be SIGKILLed) and waits until it is ready. */
export const startServerProcess = async (env: Record<string, string>, entry = 'src/main.ts'): Promise<ServerProcess> => {
  const port = await freePort();
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !EXTERNAL_SERVICES.includes(name)));
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const ready = async () => {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    return fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
  };
  try {
    await eventually(ready, 20_000, 'the server ready', 100);
  } catch (error) {
    if (child.exitCode !== null) throw error;
    child.kill('SIGKILL');
    throw new Error(`server did not become ready in time:\n${output}`, { cause: error });
  }
  return { url, child, output: () => output };
};

export const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', resolve),
  );
