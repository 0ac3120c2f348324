import { checkpointNames } from '../ports/checkpoint-store.js';
import type { EventStore } from '../ports/event-store.js';
import type { ReadStore } from '../ports/read-store.js';

/** A projection followed in this process can say at once when it reached a position. */
export type LocalProjection = { waitFor: (position: number, timeoutMs: number) => Promise<boolean> };

const POLL_MS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A `minPosition` the log has not reached: no read model ever will, so waiting and answering 503
 * would have the client retry forever. Positions come from command answers, which are in the log.
 */
export class PositionAheadOfLogError extends Error {
  override readonly name = 'PositionAheadOfLogError';
  constructor(
    readonly position: number,
    readonly head: number,
  ) {
    super(`Position ${position} is beyond the log's head (${head}): pass a position a command answered`);
  }
}

/**
 * Read-your-writes without sleeping: a query may wait, boundedly, until a read model has applied
 * a given position. Every command answers with the position it wrote; a client passes it as
 * `minPosition`. Without it, a query waits (briefly) for the log's head as of its arrival, so a
 * client that just issued a command sees it. A read model that cannot catch up in time (the
 * projector is down) is served as it is, marked stale, rather than failing the read.
 */
export class ReadModelFreshness {
  constructor(
    private readonly readStore: ReadStore,
    private readonly eventStore: EventStore,
    private readonly local: ReadonlyMap<string, LocalProjection>,
  ) {}

  async waitFor(projection: string, position: number | 'head', timeoutMs: number): Promise<boolean> {
    const head = await this.eventStore.headPosition();
    const target = position === 'head' ? head : position;
    if (target > head) throw new PositionAheadOfLogError(target, head);
    if (target <= 0) return true;
    const local = this.local.get(projection);
    if (local) return local.waitFor(target, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    while ((await this.readStore.getCheckpoint(checkpointNames.readModel(projection))) < target) {
      if (Date.now() >= deadline) return false;
      await sleep(POLL_MS);
    }
    return true;
  }
}
