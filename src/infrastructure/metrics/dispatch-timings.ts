import { LRUCache } from 'lru-cache';
import type { EventStore, RecordedEvent } from '../../application/ports/event-store.js';
import { LogFollower, type FollowerLogger } from '../../application/log-follower/log-follower.js';
import type { DispatchStage, Metrics } from './metrics.js';

/** What a call's request has seen so far; bounded, since calls still open are all it needs. */
type Watched = { requestedAt: number; offered: boolean };

/**
 * The two dispatch moments a passenger feels, measured from the log as it happens: the first
 * offer to a driver and the accept, each from the call's request. It follows the live tail from
 * where it starts (no checkpoint: a histogram of this process, like every other metric), and
 * remembers the open calls it saw requested.
 */
export class DispatchTimings {
  readonly name = 'live:dispatch-timings';
  private readonly calls = new LRUCache<string, Watched>({ max: 20_000 });
  private readonly follower: LogFollower;

  constructor(
    eventStore: EventStore,
    private readonly metrics: Pick<Metrics, 'observeDispatch'>,
    logger: FollowerLogger,
  ) {
    this.follower = new LogFollower(eventStore, {
      name: this.name,
      resumeFrom: () => eventStore.headPosition(),
      handle: async (events) => events.forEach((event) => this.observe(event)),
      logger,
    });
  }

  start(): void {
    this.follower.start();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  /** Exposed for the unit test: the whole logic, without a store. */
  observe(event: RecordedEvent): void {
    switch (event.type) {
      case 'CallRequested':
        this.calls.set(event.data.callId, { requestedAt: Date.parse(event.data.requestedAt), offered: false });
        return;
      case 'CallOffered':
        return this.measure(event.data.callId, 'first_offer', event.data.offeredAt);
      case 'DriverAccepted':
        this.measure(event.data.callId, 'accept', event.data.acceptedAt);
        this.calls.delete(event.data.callId);
        return;
      default:
        return;
    }
  }

  private measure(callId: string, stage: DispatchStage, at: string): void {
    const call = this.calls.get(callId);
    if (!call || (stage === 'first_offer' && call.offered)) return;
    if (stage === 'first_offer') call.offered = true;
    this.metrics.observeDispatch(stage, (Date.parse(at) - call.requestedAt) / 1000);
  }
}
