import type { EventStore, RecordedEvent } from '../../../application/ports/event-store.js';
import { LogFollower, type FollowerLogger } from '../../../application/log-follower/log-follower.js';

export type TailListener = (events: RecordedEvent[]) => void;

/**
 * One follower of the global log per process, fanned out to every live stream (SSE client) in it:
 * a thousand watching passengers cost one read loop, not a thousand. It starts at the head of the
 * log when first needed; what came before is read from the store by whoever needs it
 * (`replayThenLive`).
 */
export class LogTail {
  private readonly listeners = new Set<TailListener>();
  private readonly follower: LogFollower;
  private started: Promise<number> | undefined;

  constructor(
    private readonly store: EventStore,
    logger: FollowerLogger,
  ) {
    this.follower = new LogFollower(store, {
      name: 'live-tail',
      resumeFrom: () => this.start(),
      handle: async (events) => {
        for (const listener of this.listeners) {
          try {
            listener(events);
          } catch (error) {
            logger.warn({ err: error }, 'live stream listener failed');
          }
        }
      },
      logger,
    });
  }

  /** Starts following (once); resolves with the position the tail started after. */
  start(): Promise<number> {
    if (!this.started) {
      this.started = this.store.headPosition();
      this.follower.start();
    }
    return this.started;
  }

  /** Every event after the tail's start position reaches the listener, in log order, once. */
  async listen(listener: TailListener): Promise<() => void> {
    await this.start();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  async stop(): Promise<void> {
    this.listeners.clear();
    if (this.started) await this.follower.stop();
  }
}

/**
 * History, then live, without a gap or a repeat: listen first (buffering), take the head, read the
 * history up to that head, then drain the buffer and go live, skipping anything at or before what
 * was already handed on. Positions at or below the head are all committed when it is read, so the
 * history is complete; everything after it arrives through the tail.
 */
export const replayThenLive = async (
  tail: LogTail,
  store: EventStore,
  options: { history: (head: number) => Promise<RecordedEvent[]>; onEvent: (event: RecordedEvent) => void },
): Promise<() => void> => {
  let live = false;
  let last = 0;
  const buffered: RecordedEvent[] = [];
  const deliver = (event: RecordedEvent) => {
    if (event.position <= last) return;
    last = event.position;
    options.onEvent(event);
  };
  const unlisten = await tail.listen((events) => {
    if (live) events.forEach(deliver);
    else buffered.push(...events);
  });
  try {
    const head = await store.headPosition();
    for (const event of await options.history(head)) if (event.position <= head) deliver(event);
    last = Math.max(last, head);
    live = true;
    buffered.forEach(deliver);
    buffered.length = 0;
  } catch (error) {
    unlisten();
    throw error;
  }
  return unlisten;
};

/** Every event of the log after `after` up to `head`, page by page. */
export const readLogBetween = async (store: EventStore, after: number, head: number, pageSize = 1_000): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  let from = after;
  while (from < head) {
    const page = await store.readAll({ after: from, maxCount: pageSize });
    if (page.length === 0) break;
    for (const event of page) if (event.position <= head) events.push(event);
    from = page.at(-1)!.position;
  }
  return events;
};
