import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The q-quantile (0..1) of a list of samples, nearest-rank; NaN for no samples. */
export const percentile = (samples: readonly number[], q: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
};

export const p50p99 = (samples: readonly number[]) => `${percentile(samples, 0.5).toFixed(1)} / ${percentile(samples, 0.99).toFixed(1)}`;

/** A loop bound in both time and count: every benchmark loop uses one, so none can run away. */
export type Budget = { seconds: number; maxCount: number };

export type Throughput = { count: number; seconds: number; perSecond: number };

/** Runs `step` one after the other until the budget is spent; `step` returns how many units it did. */
export const timeSequential = (budget: Budget, step: (index: number) => number): Throughput => {
  const started = performance.now();
  const deadline = started + budget.seconds * 1000;
  let count = 0;
  for (let index = 0; count < budget.maxCount && performance.now() < deadline; index++) count += step(index);
  const seconds = (performance.now() - started) / 1000;
  return { count, seconds, perSecond: count / seconds };
};

/**
 * `concurrency` async lanes, each awaiting its own `step` in a loop, until the budget is spent.
 * Lanes share the count, so the total stays within `maxCount`.
 */
export const timeConcurrent = async (
  budget: Budget,
  concurrency: number,
  step: (index: number, lane: number) => Promise<number>,
): Promise<Throughput> => {
  const started = performance.now();
  const deadline = started + budget.seconds * 1000;
  let count = 0;
  let issued = 0;
  const lane = async (laneIndex: number) => {
    while (issued < budget.maxCount && performance.now() < deadline) {
      const index = issued++;
      // Awaited first: `count += await …` would read `count` before the await and lose the other lanes' work.
      const done = await step(index, laneIndex);
      count += done;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, laneIndex) => lane(laneIndex)));
  const seconds = (performance.now() - started) / 1000;
  return { count, seconds, perSecond: count / seconds };
};

/** A scratch directory on the same disk as the default DATA_DIR would be, removed afterwards. */
export const withScratchDir = async <T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> => {
  const dir = mkdtempSync(join(tmpdir(), `taxi-bench-${prefix}-`));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Progress on stderr, so stdout carries only the table. */
export const progress = (message: string) => process.stderr.write(`  · ${message}\n`);

export const median = (values: readonly number[]): number => percentile(values, 0.5);

/**
 * This machine is shared, so its speed drifts during a run. A figure and its baseline are
 * therefore measured in alternation, `rounds` times, and each is reported as its median: a slow
 * spell then hits both, not just one side of a ratio.
 */
export const interleaved = async <Key extends string>(
  rounds: number,
  measurements: Record<Key, () => Promise<Throughput> | Throughput>,
): Promise<Record<Key, number>> => {
  const samples = Object.fromEntries(Object.keys(measurements).map((key) => [key, [] as number[]])) as Record<Key, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (const key of Object.keys(measurements) as Key[]) {
      progress(`${key}${rounds > 1 ? ` (round ${round + 1}/${rounds})` : ''}`);
      samples[key].push((await measurements[key]()).perSecond);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, median(values as number[])])) as Record<Key, number>;
};

/** Rejects when `promise` has not settled after `ms`: no request of the load generator may wait forever. */
export const withDeadline = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
};
