import { type CheckpointStore, checkpointNames } from '../../../application/ports/checkpoint-store.js';
import type { EventStore, RecordedEvent } from '../../../application/ports/event-store.js';
import { callIdOf, type LogEvent } from '../../../domain/events.js';
import { type LogTail, readLogBetween, replayThenLive } from './log-tail.js';

export type OfferView = { offerId: string; callId: string; driverId: string; offeredAt: string; expiresAt: string; position: number };
export type OfferClosedReason = 'DECLINED' | 'EXPIRED' | 'WITHDRAWN' | 'ACCEPTED' | 'TAKEN' | 'CANCELLED' | 'NO_DRIVER_FOUND' | 'STARTED';

export type OfferUpdate =
  { kind: 'offered'; offer: OfferView } | { kind: 'closed'; callId: string; reason: OfferClosedReason; acceptedBy?: string; position: number };

/** Why an offer is gone, for the events that end one; null for events that end nothing on the board. */
const closedReasonOf = (event: LogEvent): OfferClosedReason | null => {
  switch (event.type) {
    case 'OfferDeclined':
      return 'DECLINED';
    case 'OfferExpired':
      return 'EXPIRED';
    // The driver took another call or went offline; the call went on to the next driver.
    case 'OfferWithdrawn':
      return 'WITHDRAWN';
    case 'DispatchCancelled':
    case 'CallCancelled':
      return 'CANCELLED';
    case 'DispatchExpired':
    case 'CallExpired':
      return 'NO_DRIVER_FOUND';
    case 'DispatchCompleted':
      return 'STARTED';
    // Each follows a DriverAccepted, which already closed the offer as TAKEN.
    case 'CallDispatched':
    case 'CallCompleted':
      return null;
    default:
      return null;
  }
};

/** What an event means for the offers drivers are looking at. */
export const offerUpdateOf = (event: RecordedEvent): OfferUpdate | null => {
  if (event.type === 'CallOffered') {
    const { offerId, callId, driverId, offeredAt, expiresAt } = event.data;
    return { kind: 'offered', offer: { offerId, callId, driverId, offeredAt, expiresAt, position: event.position } };
  }
  if (event.type === 'DriverAccepted')
    return { kind: 'closed', callId: event.data.callId, reason: 'TAKEN', acceptedBy: event.data.driverId, position: event.position };
  const callId = callIdOf(event);
  const reason = closedReasonOf(event);
  return callId !== null && reason ? { kind: 'closed', callId, reason, position: event.position } : null;
};

/** The board's own checkpoint; every API replica's board computes the same one from the same log. */
export const OFFER_BOARD_CHECKPOINT = checkpointNames.live('offer-board');
/** How often, at most, the board records its checkpoint: it is a hint for the next start, not a duty. */
const SAVE_EVERY_MS = 1_000;

/**
 * The offers pending right now, per driver: what a driver who (re)connects without a Last-Event-ID
 * is shown first. It reads the log from its own checkpoint — the position just before the oldest
 * offer still pending when it last recorded it, so every offer still pending is after it — and then
 * follows it. Without that checkpoint (no board ever ran against these stores) it starts where the
 * tail started.
 */
export class OfferBoard {
  private readonly byCall = new Map<string, OfferView>();
  private readonly byDriver = new Map<string, Set<string>>();
  private seen = 0;
  private starting: Promise<() => void> | undefined;
  private savedAt = 0;

  constructor(
    private readonly tail: LogTail,
    private readonly store: EventStore,
    private readonly checkpoints?: CheckpointStore,
  ) {}

  /** Follows the log from its checkpoint (or where the tail started), without a gap. */
  start(): Promise<unknown> {
    this.starting ??= Promise.all([this.tail.start(), this.checkpoints?.getCheckpoint(OFFER_BOARD_CHECKPOINT) ?? 0]).then(
      ([tailFrom, checkpoint]) => {
        // 0 is also "never ran"; reading the whole log for that would be far worse than the old gap.
        const from = checkpoint > 0 ? Math.min(checkpoint, tailFrom) : tailFrom;
        this.seen = Math.max(this.seen, from);
        return replayThenLive(this.tail, this.store, {
          history: (head) => readLogBetween(this.store, from, head),
          onEvent: (event) => {
            this.apply(event);
            this.seen = event.position;
            if (Date.now() - this.savedAt >= SAVE_EVERY_MS) this.saveCheckpoint();
          },
        });
      },
    );
    return this.starting;
  }

  async stop(): Promise<void> {
    (await this.starting)?.();
    this.starting = undefined;
    if (this.seen > 0) await this.checkpoints?.saveCheckpoint(OFFER_BOARD_CHECKPOINT, this.lowWaterMark());
  }

  /** Just before the oldest offer still pending: a board started from here misses none of them. */
  private lowWaterMark(): number {
    let mark = this.seen;
    for (const offer of this.byCall.values()) mark = Math.min(mark, offer.position - 1);
    return mark;
  }

  /** Best effort: a lost save only makes the next start read a little more of the log. */
  private saveCheckpoint(): void {
    if (!this.checkpoints) return;
    this.savedAt = Date.now();
    this.checkpoints.saveCheckpoint(OFFER_BOARD_CHECKPOINT, this.lowWaterMark()).catch(() => {});
  }

  /** The last log position reflected in `pendingFor`. */
  get position(): number {
    return this.seen;
  }

  pendingFor(driverId: string, now = Date.now()): OfferView[] {
    const pending: OfferView[] = [];
    for (const callId of this.byDriver.get(driverId) ?? []) {
      const offer = this.byCall.get(callId)!;
      // Lapsed without an OfferExpired seen (auto-dispatch stopped): forget it here.
      if (Date.parse(offer.expiresAt) > now) pending.push(offer);
      else this.forget(callId);
    }
    return pending.sort((a, b) => a.position - b.position);
  }

  apply(event: RecordedEvent): void {
    const update = offerUpdateOf(event);
    if (!update) return;
    const callId = update.kind === 'offered' ? update.offer.callId : update.callId;
    this.forget(callId);
    if (update.kind === 'offered') {
      this.byCall.set(callId, update.offer);
      const calls = this.byDriver.get(update.offer.driverId) ?? new Set<string>();
      this.byDriver.set(update.offer.driverId, calls.add(callId));
    }
  }

  private forget(callId: string): void {
    const previous = this.byCall.get(callId);
    if (!previous) return;
    this.byCall.delete(callId);
    const calls = this.byDriver.get(previous.driverId);
    calls?.delete(callId);
    if (calls?.size === 0) this.byDriver.delete(previous.driverId);
  }
}
