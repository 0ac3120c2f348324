export type InOrderPerKeyOptions = {
  /**
   * How far work may run ahead of the oldest unfinished item: item `i` starts only once every item
   * before `i - window + 1` has finished. Whatever is cut off at any moment (unfinished, or
   * finished after the oldest unfinished) is then at most `window` items. Unbounded by default.
   */
  window?: number;
  /** Told each time the run of finished items from the start grows, with its length. */
  onFinishedPrefix?: (count: number) => Promise<void> | void;
};

/**
 * Runs `work` on `items`, starting them in their order and overlapping them where their keys
 * differ: an item waits for the previous item of its key to finish, so one key's items run one
 * after another in order. After a failure nothing new starts (an item whose key failed never
 * does); it settles once everything started has, then rejects with the first failure.
 */
export const inOrderPerKey = async <T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  work: (item: T) => Promise<void>,
  { window = Number.POSITIVE_INFINITY, onFinishedPrefix }: InOrderPerKeyOptions = {},
): Promise<void> => {
  const finished = items.map(() => false);
  let prefix = 0;
  let failure: { error: unknown } | undefined;
  let wake = () => {};
  let settledOne = new Promise<void>((resolve) => (wake = resolve));
  const lastOfKey = new Map<string, Promise<boolean>>();
  const started: Array<Promise<boolean>> = [];

  const attempt = async (index: number, previousOk: boolean): Promise<boolean> => {
    if (!previousOk || failure) return false;
    try {
      await work(items[index]!);
      finished[index] = true;
      const before = prefix;
      while (prefix < items.length && finished[prefix]) prefix += 1;
      if (prefix > before) await onFinishedPrefix?.(prefix);
      return true;
    } catch (error) {
      failure ??= { error };
      return false;
    } finally {
      const settled = wake;
      settledOne = new Promise((resolve) => (wake = resolve));
      settled();
    }
  };

  const ahead = Math.max(1, window);
  for (let index = 0; index < items.length; index++) {
    while (index - prefix >= ahead && !failure) await settledOne;
    if (failure) break;
    const key = keyOf(items[index]!);
    const run = (lastOfKey.get(key) ?? Promise.resolve(true)).then((previousOk) => attempt(index, previousOk));
    lastOfKey.set(key, run);
    started.push(run);
  }
  await Promise.all(started);
  if (failure) throw failure.error;
};
