import { checkpointNames } from '../ports/checkpoint-store.js';
import { callDecider, callStream } from '../../domain/call/call.js';
import type { CommandHandler } from '../command-handler.js';
import type { CheckpointStore } from '../ports/checkpoint-store.js';
import type { Clock } from '../ports/clock.js';
import type { DeadLetterStore } from '../ports/dead-letter-store.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';
import type { Notifier, OutgoingNotification } from '../ports/notifier.js';
import type { LogFollower, FollowerLogger } from '../log-follower/log-follower.js';
import { inOrderPerKey } from '../log-follower/in-order-per-key.js';
import type { ContactDirectory } from './contact-directory.js';
import { deliveryOf } from './delivery-record.js';
import type { DeliveryLog } from '../ports/delivery-log.js';
import type { DeliveryOutcome } from '../ports/notifier.js';
import { followFromCheckpoint, CheckpointedFollower } from '../log-follower/checkpointed-follower.js';
import {
  type CallAudience,
  DRIVER_LOCALE,
  type NotificationDraft,
  PassengerDirectory,
  draftNotification,
  localeOfRequest,
  toOutgoing,
} from './outgoing-notifications.js';

export type NotificationWorkerDependencies = {
  eventStore: EventStore;
  commands: CommandHandler;
  checkpoints: CheckpointStore;
  clock: Clock;
  notifier: Notifier;
  deadLetters: DeadLetterStore;
  logger: FollowerLogger & { info: (details: object, message: string) => void };
  /** Each person's channel and language; told of every event so a change is seen before the next message. */
  contacts?: ContactDirectory;
  /** Where operators see what became of each notification. */
  deliveries?: DeliveryLog;
};

export type NotificationWorkerOptions = {
  /** How often parked notifications are offered to the channel again. */
  deadLetterRetryMs: number;
  /** How many notifications may be in flight, past the oldest not yet told (one call's always in order). */
  concurrency: number;
};

class Stopping extends Error {}

const REDELIVERY_BATCH = 100;

/**
 * Tells passengers (and drivers whose assignment was cancelled) about every status change, from
 * the log, never on the ride's path. A notification the channel does not take within the
 * notifier's own retries is parked durably as a dead letter and offered again periodically and
 * as soon as a live delivery succeeds, so a channel outage delays notifications but loses none.
 * Notifications start in log order and overlap across calls, up to `concurrency` past the oldest
 * one not yet told (one call's always one after another, in order): told one at a time, a
 * channel answering in 20 ms carried 38 notifications a second, fewer than 8 rides' worth. The
 * checkpoint follows the oldest one not yet told, so a restart or a takeover by another replica
 * repeats at most `concurrency` of them, each with the same id as before (the event's), which the
 * receiver deduplicates on.
 */
export class NotificationWorker extends CheckpointedFollower {
  readonly name = checkpointNames.process('notifier');
  protected readonly follower: LogFollower;
  private readonly passengers = new PassengerDirectory();
  private running = false;
  private redeliveryTimer: NodeJS.Timeout | undefined;
  private redelivering: Promise<void> | undefined;
  private parked = false;
  /** Positions of the batch in hand already told (or parked): its retry after a failure skips them. */
  private readonly told = new Set<number>();

  constructor(
    private readonly deps: NotificationWorkerDependencies,
    private readonly options: NotificationWorkerOptions,
  ) {
    super();
    this.follower = followFromCheckpoint(deps, this.name, (events, progress) => this.handleBatch(events, progress));
  }

  override start(): void {
    if (this.running) return;
    this.running = true;
    this.follower.start();
    this.parked = true; // unknown until looked at: parked letters may be left from an earlier run
    this.scheduleRedelivery(0);
  }

  override async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.redeliveryTimer);
    await this.follower.stop();
    await this.redelivering;
  }

  private async handleBatch(events: RecordedEvent[], progress: (position: number) => Promise<void>): Promise<number | undefined> {
    for (const event of events) {
      this.passengers.learn(event);
      this.deps.contacts?.learn(event);
    }
    const toTell = events.flatMap((event) => {
      const draft = this.told.has(event.position) ? null : draftNotification(event);
      return draft ? [{ event, draft }] : [];
    });
    try {
      await inOrderPerKey(
        toTell,
        ({ draft }) => draft.callId,
        async ({ event, draft }) => {
          if (!this.running) throw new Stopping();
          await this.tell(event, draft);
          this.told.add(event.position);
        },
        {
          // At most `concurrency` notifications past the oldest not yet told, which the
          // checkpoint follows: a kill repeats no more than that many.
          window: this.options.concurrency,
          onFinishedPrefix: (count) => (count < toTell.length ? progress(toTell[count]!.event.position - 1) : undefined),
        },
      );
    } catch (error) {
      if (error instanceof Stopping) return undefined;
      throw error;
    }
    this.told.clear();
    return events.at(-1)!.position;
  }

  /** Delivers the notification, or parks it when the channel does not take it. */
  private async tell(event: RecordedEvent, draft: NotificationDraft): Promise<void> {
    const audience = draft.audience === 'driver' ? null : await this.audienceOf(draft.callId);
    const recipient =
      draft.audience === 'driver'
        ? { role: 'driver' as const, id: draft.driverId }
        : { role: 'passenger' as const, id: draft.passengerId ?? audience?.passengerId ?? '' };
    if (!recipient.id) {
      this.deps.logger.warn({ eventId: event.eventId, callId: draft.callId }, 'no passenger known for this call; notification skipped');
      return;
    }
    const notification = toOutgoing(event, draft, recipient, audience?.locale ?? (await this.driverLocale(recipient)));
    const outcome = await this.deps.notifier.deliver(notification);
    await this.record(notification, outcome);
    if (outcome.kind === 'delivered') {
      if (this.parked) this.scheduleRedelivery(0);
      return;
    }
    await this.park(notification, outcome.reason);
  }

  /** A driver is told in the language they chose, else in the drivers' language. */
  private async driverLocale(recipient: { role: 'passenger' | 'driver'; id: string }) {
    const contact = recipient.role === 'driver' ? await this.deps.contacts?.contactOf(recipient) : undefined;
    return (contact && !contact.erased && contact.locale) || DRIVER_LOCALE;
  }

  /** The call's passenger and language: learned from the log, else read from the Call stream. */
  private async audienceOf(callId: string): Promise<CallAudience | null> {
    const known = this.passengers.get(callId);
    if (known?.locale) return known;
    const { state } = await this.deps.commands.load(callDecider, callStream(callId));
    if (state.status === 'none') return known ?? null;
    const audience = { passengerId: state.request.passengerId, locale: localeOfRequest(state.request) };
    this.passengers.remember(callId, audience);
    return audience;
  }

  private async record(notification: OutgoingNotification, outcome: DeliveryOutcome): Promise<void> {
    await this.deps.deliveries?.record(deliveryOf(notification, outcome, this.deps.clock.now()));
  }

  private async park(notification: OutgoingNotification, reason: string): Promise<void> {
    await this.deps.deadLetters.add(notification, reason, this.deps.clock.now().toISOString());
    this.deps.logger.warn({ notificationId: notification.notificationId, reason }, 'notification parked as a dead letter');
    if (!this.parked) {
      this.parked = true;
      this.scheduleRedelivery(this.options.deadLetterRetryMs);
    }
  }

  private scheduleRedelivery(delayMs: number): void {
    if (!this.running || this.redelivering) return;
    clearTimeout(this.redeliveryTimer);
    this.redeliveryTimer = setTimeout(() => {
      this.redelivering = this.redeliver()
        .catch((error: unknown) => this.deps.logger.error({ err: error }, 'dead letter redelivery failed'))
        .finally(() => {
          this.redelivering = undefined;
          if (this.parked) this.scheduleRedelivery(this.options.deadLetterRetryMs);
        });
    }, delayMs);
  }

  /** Offers parked notifications oldest first; stops at the first sign the channel is still down. */
  private async redeliver(): Promise<void> {
    while (this.running) {
      const letters = await this.deps.deadLetters.oldest(REDELIVERY_BATCH);
      if (letters.length === 0) {
        this.parked = false;
        return;
      }
      let progressed = false;
      for (const { notification } of letters) {
        if (!this.running) return;
        const outcome = await this.deps.notifier.deliver(notification);
        await this.record(notification, outcome);
        if (outcome.kind === 'delivered') {
          await this.deps.deadLetters.remove(notification.notificationId);
          progressed = true;
        } else {
          await this.deps.deadLetters.add(notification, outcome.reason, this.deps.clock.now().toISOString());
          if (outcome.kind === 'unavailable') return;
        }
      }
      // A full batch of refusals: leave them for the next round rather than spin on them.
      if (!progressed) return;
    }
  }
}
