/**
 * Polls until `check` passes or the time is up: the one way a test waits. A test never sleeps a
 * fixed time to let something happen, and never asserts how long anything took — on a loaded
 * machine both flake; speed claims are benchmark rows (bench/). It answers how long it waited,
 * for a reliability report to print, never to assert.
 */
export const eventually = async (check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, intervalMs = 50): Promise<number> =>
  (await poll(async () => (await check()) || undefined, timeoutMs, what, intervalMs)).elapsedMs;

type Probed<T> = T | undefined | null | false;

/**
 * `eventually` for a wait whose proof is a value: polls `probe` until it answers something truthy
 * (the events that prove it, the entry found) and answers that, or throws when the time is up.
 */
export const eventuallyValue = async <T>(probe: () => Promise<Probed<T>> | Probed<T>, timeoutMs: number, what: string, intervalMs = 50): Promise<T> =>
  (await poll(probe, timeoutMs, what, intervalMs)).value;

const poll = async <T>(probe: () => Promise<Probed<T>> | Probed<T>, timeoutMs: number, what: string, intervalMs: number) => {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return { value, elapsedMs: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`Not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};
