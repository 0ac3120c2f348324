/**
 * Polls until `check` passes or the time is up: the one way a test waits. A test never sleeps a
 * fixed time to let something happen, and never asserts how long anything took — on a loaded
 * machine both flake; speed claims are benchmark rows (bench/). It answers how long it waited,
 * for a reliability report to print, never to assert.
 */
export const eventually = async (check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, intervalMs = 50): Promise<number> => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return Date.now() - started;
};
