/**
 * Runs `work` on every item: items with the same key one after another in their given order,
 * items of different keys concurrently. Settles only when every started chain has, so a failed
 * batch is never retried while part of it is still running; then rejects with the first error.
 * A chain stops at its first failure (what follows in it depended on it); other chains go on.
 */
export const inOrderPerKey = async <T>(items: readonly T[], keyOf: (item: T) => string, work: (item: T) => Promise<void>): Promise<void> => {
  const chains = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const chain = chains.get(key);
    if (chain) chain.push(item);
    else chains.set(key, [item]);
  }
  const outcomes = await Promise.allSettled(
    [...chains.values()].map(async (chain) => {
      for (const item of chain) await work(item);
    }),
  );
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
};
