/**
 * Runs `work` on every item: items with the same key one after another in their given order,
 * items of different keys concurrently, at most `concurrency` keys at a time. A chain stops at
 * its first failure (what follows in it depended on it); the other chains all run. Settles only
 * when every chain has, so a failed batch is never retried while part of it is still running;
 * then rejects with the first error.
 */
export const inOrderPerKey = async <T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  work: (item: T) => Promise<void>,
  concurrency = Number.POSITIVE_INFINITY,
): Promise<void> => {
  const chains = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const chain = chains.get(key);
    if (chain) chain.push(item);
    else chains.set(key, [item]);
  }
  const waiting = [...chains.values()];
  const failures: unknown[] = [];
  const lane = async () => {
    for (let chain = waiting.shift(); chain; chain = waiting.shift()) {
      try {
        for (const item of chain) await work(item);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, waiting.length)) }, lane));
  if (failures.length > 0) throw failures[0];
};
