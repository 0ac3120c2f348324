import { join } from 'node:path';
import { pino } from 'pino';
import { LeasedWorker } from '../src/infrastructure/leases/leased-worker.js';
import { SqliteLeaseStore } from '../src/infrastructure/leases/sqlite-lease-store.js';
import type { BenchOptions, BenchRow } from './table.js';
import { median, progress, withScratchDir } from './support/measure.js';

const SECTION = 'leases';
const TTL_MS = 1_000;

/** A worker that only says whether it runs: the figure is the lease hand-over, nothing else. */
const idleWorker = () => {
  const worker = { name: 'bench-job', running: false, start: () => void (worker.running = true), stop: async () => void (worker.running = false) };
  return worker;
};

const until = async (check: () => boolean, timeoutMs: number) => {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`no takeover within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

/**
 * Two replicas of one worker on the SQLite lease store (two connections to one file). From the
 * moment the holder can no longer reach the store (as after a SIGKILL or a partition) to the
 * moment the standby runs the worker; and the same after a graceful stop, which releases it.
 */
const takeover = async (dir: string, round: number, graceful: boolean) => {
  const file = join(dir, `leases-${round}-${graceful ? 'stop' : 'cut'}.db`);
  const [storeA, storeB] = [new SqliteLeaseStore(file), new SqliteLeaseStore(file)];
  const logger = pino({ level: 'silent' });
  const [jobA, jobB] = [idleWorker(), idleWorker()];
  const a = new LeasedWorker(jobA, { leases: storeA, owner: 'a', ttlMs: TTL_MS, logger });
  const b = new LeasedWorker(jobB, { leases: storeB, owner: 'b', ttlMs: TTL_MS, logger });
  try {
    a.start();
    await until(() => jobA.running, 5_000);
    b.start();
    // Let the standby settle into its polling rhythm before the holder goes.
    await new Promise((resolve) => setTimeout(resolve, TTL_MS / 2));
    const cutAt = performance.now();
    if (graceful) await a.stop();
    else {
      const unreachable = async (): Promise<never> => {
        throw new Error('lease store unreachable');
      };
      storeA.renew = unreachable;
      storeA.tryAcquire = unreachable;
    }
    await until(() => jobB.running, 10 * TTL_MS);
    return performance.now() - cutAt;
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    storeA.close();
    storeB.close();
  }
};

export const leasesBench = async ({ quick }: BenchOptions): Promise<BenchRow[]> =>
  withScratchDir('leases', async (dir) => {
    const cut: number[] = [];
    const stopped: number[] = [];
    for (let round = 0; round < (quick ? 1 : 3); round++) {
      progress(`leases: takeover after a cut-off holder, then after a graceful stop (round ${round + 1})`);
      cut.push(await takeover(dir, round, false));
      stopped.push(await takeover(dir, round, true));
    }
    const limit = TTL_MS + TTL_MS / 3;
    return [
      {
        section: SECTION,
        name: `worker takeover after the holder stops renewing, TTL ${TTL_MS} ms, SQLite lease store, median of ${cut.length}`,
        value: median(cut),
        unit: 'ms',
        target: `≤ TTL + TTL/3 (${limit.toFixed(0)} ms)`,
        met: median(cut) <= limit,
      },
      {
        section: SECTION,
        name: `worker takeover after a graceful stop (lease released), median of ${stopped.length}`,
        value: median(stopped),
        unit: 'ms',
        target: `≤ TTL/3 (${(TTL_MS / 3).toFixed(0)} ms)`,
        met: median(stopped) <= TTL_MS / 3,
      },
    ];
  });
