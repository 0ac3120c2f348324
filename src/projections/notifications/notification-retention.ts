import type { Clock } from '../../application/ports/clock.js';
import { checkpointNames } from '../../application/ports/checkpoint-store.js';
import type { ReadStore } from '../../application/ports/read-store.js';
import type { FollowerLogger } from '../../application/log-follower/log-follower.js';
import { type NotificationThread, notificationsProjection } from './notifications.projection.js';

const DAY_MS = 86_400_000;
const BATCH = 200;

export type NotificationRetentionOptions = {
  retentionDays: number;
  intervalMs: number;
  logger?: FollowerLogger;
};

/**
 * Keeps the notification history to NOTIFICATION_RETENTION_DAYS: a periodic pass (at start, then
 * every interval) deletes the threads whose newest notification is older than that. A thread is
 * one call's notifications, minutes apart, so its age is its newest one's. The delete carries the
 * thread's position, so a thread the projector changed meanwhile is left alone; the log keeps the
 * events, and a rebuild brings old threads back until the next pass.
 */
export class NotificationRetention {
  readonly name = 'notification-retention';
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(
    private readonly readStore: ReadStore,
    private readonly clock: Clock,
    private readonly options: NotificationRetentionOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass; the number of threads removed. */
  async prune(): Promise<number> {
    const { collection } = notificationsProjection;
    const checkpoint = checkpointNames.readModel(notificationsProjection.name);
    const cutoff = new Date(this.clock.now().getTime() - this.options.retentionDays * DAY_MS).toISOString();
    let removed = 0;
    let previousFirst: string | undefined;
    for (;;) {
      const oldest = await this.readStore.find<NotificationThread>(collection, {}, { sort: [['lastAt', 'asc']], limit: BATCH });
      const expired = oldest.filter((thread) => thread.lastAt < cutoff);
      // The same oldest thread again: its delete was skipped (the projector had moved it on) — next pass.
      if (expired.length === 0 || expired[0]!.id === previousFirst) return removed;
      previousFirst = expired[0]!.id;
      const deletes = expired.map((thread) => ({ kind: 'delete' as const, collection, id: thread.id, position: thread.position }));
      // The checkpoint never moves back in commit: handing it the current one leaves it where it is.
      await this.readStore.commit(checkpoint, deletes, await this.readStore.getCheckpoint(checkpoint));
      removed += expired.length;
      if (expired.length < oldest.length) return removed;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.prune()
        .catch((error: unknown) => this.options.logger?.warn({ err: error }, 'notification retention pass failed; trying again later'))
        .finally(() => this.schedule(this.options.intervalMs));
    }, delayMs);
    this.timer.unref();
  }
}
