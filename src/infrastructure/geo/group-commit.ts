export type GroupCommitOptions = {
  /** How long the first item of a batch waits for others to join it. */
  windowMs: number;
  /** A batch this large is committed at once, without waiting out the window. */
  maxBatch: number;
};

type Batch<T> = { items: T[]; done: Promise<void>; settle: (error?: Error) => void };

const openBatch = <T>(): Batch<T> => {
  let settle!: (error?: Error) => void;
  const done = new Promise<void>((resolve, reject) => (settle = (error) => (error === undefined ? resolve() : reject(error))));
  // Fire-and-forget writers (the driver channel) must not see an unhandled rejection.
  done.catch(() => {});
  return { items: [], done, settle };
};

/**
 * Group commit: items added within `windowMs` of each other are written together by one `commit`
 * (one transaction, one round trip), and every adder of a batch waits on the same promise. Pings
 * come in thousands per second; a transaction each would spend the time in commits, not in pings.
 */
export class GroupCommit<T> {
  private batch: Batch<T> = openBatch();
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly commit: (items: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Resolves once the item's batch is committed; rejects with the batch's failure. */
  add(item: T): Promise<void> {
    const { batch } = this;
    batch.items.push(item);
    if (batch.items.length >= this.options.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
    return batch.done;
  }

  /** Commits what is waiting now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.batch;
    if (batch.items.length === 0) return;
    this.batch = openBatch();
    const committing = this.commit(batch.items).then(
      () => batch.settle(),
      (error: unknown) => batch.settle(error instanceof Error ? error : new Error(`group commit failed: ${String(error)}`)),
    );
    this.inFlight.add(committing);
    void committing.finally(() => this.inFlight.delete(committing));
  }

  /** Commits what is waiting and waits for every batch in flight (on shutdown, before the store closes). */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all(this.inFlight);
  }
}
