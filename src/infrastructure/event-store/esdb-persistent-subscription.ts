import {
  END,
  PARK,
  PersistentSubscriptionExistsError,
  RETRY,
  ROUND_ROBIN,
  START,
  excludeSystemEvents,
  persistentSubscriptionToAllSettingsFromDefaults,
  type ConsumerStrategy,
  type EventStoreDBClient,
  type PersistentSubscriptionToAll,
  type PersistentSubscriptionToAllResolvedEvent,
} from '@eventstore/db-client';
import type { RecordedEvent } from '../../application/ports/event-store.js';
import { isSystemEvent, toRecordedEvent } from './esdb-mapping.js';

/*
 * Competing consumers over $all with an EventStoreDB persistent subscription (server 21.10+).
 *
 * The server, not the client, owns the group's position. Every process that joins the same
 * group shares ONE sequence of deliveries: the server hands each event to exactly one connected
 * member (round robin by default; `Pinned` hashes the source stream to a member, best effort),
 * counts it in flight until that member acks, and hands out the next ones meanwhile. That is what lets
 * two replicas of the payment or notification worker split the work instead of doubling it.
 *
 * "Exactly one member" is per delivery, not per event: delivery is at-least-once. An event is
 * handed out again, possibly to another member, when its ack does not arrive within
 * `messageTimeout` (slow handler, crashed or disconnected member), when a member nacks it with
 * retry, and after a server restart or leader change for everything past the group's last
 * checkpoint (checkpoints are written every `checkPointAfter` / N acks, not per ack). Retries
 * also reorder events. So handlers must stay idempotent — dedupe on the event id or on a
 * business key (one charge per call id) — exactly as the catch-up projections are.
 */

const DEFAULT_MAX_RETRIES = 5;

export type CompetingConsumerOptions = {
  /** Every process subscribing with the same group name shares the deliveries. */
  group: string;
  /** Where a group created now starts: 'start' replays history, 'end' takes only new events. */
  startFrom?: 'start' | 'end';
  /** A failing event is retried this many times, then parked for an operator to inspect and replay. */
  maxRetries?: number;
  /** Events the server may have in flight to this member before it acks. */
  bufferSize?: number;
  consumerStrategy?: ConsumerStrategy;
  logger?: { warn: (details: object, message: string) => void };
};

export type Delivery = {
  readonly event: RecordedEvent;
  /** How often the server handed this event out before (0 on the first delivery). */
  readonly retryCount: number;
  ack(): Promise<void>;
  /** `retry` hands the event out again (to any member); `park` moves it to the group's parked queue. */
  nack(action: 'retry' | 'park', reason: string): Promise<void>;
};

/** Creates the group unless it exists; creating twice is an error on the server, so "exists" is success. */
export const ensurePersistentSubscriptionToAll = async (client: EventStoreDBClient, options: CompetingConsumerOptions): Promise<void> => {
  const settings = persistentSubscriptionToAllSettingsFromDefaults({
    startFrom: options.startFrom === 'end' ? END : START,
    maxRetryCount: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    consumerStrategyName: options.consumerStrategy ?? ROUND_ROBIN,
  });
  await client.createPersistentSubscriptionToAll(options.group, settings, { filter: excludeSystemEvents() }).catch((error: unknown) => {
    if (error instanceof PersistentSubscriptionExistsError) return;
    throw error;
  });
};

const toDelivery = (subscription: PersistentSubscriptionToAll, resolved: PersistentSubscriptionToAllResolvedEvent): Delivery | undefined => {
  const recorded = resolved.event;
  if (!recorded || isSystemEvent(recorded)) return undefined;
  return {
    event: toRecordedEvent(recorded),
    retryCount: resolved.retryCount,
    ack: () => subscription.ack(resolved),
    nack: (action, reason) => subscription.nack(action === 'retry' ? RETRY : PARK, reason, resolved),
  };
};

/**
 * One member of a group. Iterate it for manual ack/nack, or `run(handler)` for ack-on-success.
 * A dropped subscription (server restart, network) makes the iteration throw; the caller joins
 * again (`start()` then `run()`) under its own retry policy — the server resends whatever was
 * not acked, so nothing is lost across the gap.
 */
export class EsdbCompetingConsumer implements AsyncIterable<Delivery> {
  private subscription: PersistentSubscriptionToAll | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: CompetingConsumerOptions,
  ) {}

  async start(): Promise<void> {
    await ensurePersistentSubscriptionToAll(this.client, this.options);
    this.subscription = this.client.subscribeToPersistentSubscriptionToAll(this.options.group, { bufferSize: this.options.bufferSize ?? 10 });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Delivery> {
    const subscription = this.subscription;
    if (!subscription) throw new Error(`Competing consumer ${this.options.group}: start() before iterating`);
    for await (const resolved of subscription) {
      const delivery = toDelivery(subscription, resolved);
      // The group's filter already drops system event types; a user type in a `$` stream is acked unseen.
      if (delivery) yield delivery;
      else await subscription.ack(resolved);
    }
  }

  /** Handles deliveries until the subscription ends: ack after success; after a failure retry, then park. */
  async run(handle: (event: RecordedEvent) => Promise<void>): Promise<void> {
    const maxRetries = this.options.maxRetries ?? DEFAULT_MAX_RETRIES;
    for await (const delivery of this) {
      const failure = await handle(delivery.event).then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
      if (!failure) {
        await delivery.ack();
        continue;
      }
      const action = delivery.retryCount < maxRetries ? 'retry' : 'park';
      const { eventId, type } = delivery.event;
      this.options.logger?.warn({ group: this.options.group, eventId, type, retryCount: delivery.retryCount, action, err: failure.error }, 'handler failed; nacking');
      await delivery.nack(action, failure.error instanceof Error ? failure.error.message : String(failure.error));
    }
  }

  /** Leaves the group: the iteration ends, and events in flight to this member go back to the others. */
  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.unsubscribe();
  }
}
