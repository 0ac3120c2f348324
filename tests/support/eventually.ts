/**
 * Polls until `check` passes or the time is up: the one way a test waits. A test never sleeps a
 * fixed time to let something happen, and never asserts how long anything took — on a loaded
 * machine both flake; speed claims are benchmark rows (bench/).
 */
export const eventually = async (check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, intervalMs = 50): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};
