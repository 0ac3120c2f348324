import type { RecordedEvent } from '../../../application/ports/event-store.js';
import type { CallOffered } from '../../../domain/dispatch/dispatch.js';
import type { EventStore } from '../../../application/ports/event-store.js';
import { type LogTail, readLogBetween, replayThenLive } from './log-tail.js';

export type OfferView = { offerId: string; callId: string; driverId: string; offeredAt: string; expiresAt: string; position: number };
export type OfferClosedReason = 'DECLINED' | 'EXPIRED' | 'ACCEPTED' | 'TAKEN' | 'CANCELLED' | 'NO_DRIVER_FOUND' | 'STARTED';

export type OfferUpdate =
  | { kind: 'offered'; offer: OfferView }
  | { kind: 'closed'; callId: string; reason: OfferClosedReason; acceptedBy?: string; position: number };

const CLOSING: Record<string, OfferClosedReason> = {
  OfferDeclined: 'DECLINED',
  OfferExpired: 'EXPIRED',
  DispatchCancelled: 'CANCELLED',
  CallCancelled: 'CANCELLED',
  DispatchExpired: 'NO_DRIVER_FOUND',
  CallExpired: 'NO_DRIVER_FOUND',
  DispatchCompleted: 'STARTED',
};

/** What an event means for the offers drivers are looking at. */
export const offerUpdateOf = (event: RecordedEvent): OfferUpdate | null => {
  const data = event.data as { callId?: string; driverId?: string };
  if (typeof data.callId !== 'string') return null;
  if (event.type === 'CallOffered') {
    const { offerId, callId, driverId, offeredAt, expiresAt } = (event.data as CallOffered['data']);
    return { kind: 'offered', offer: { offerId, callId, driverId, offeredAt, expiresAt, position: event.position } };
  }
  if (event.type === 'DriverAccepted') return { kind: 'closed', callId: data.callId, reason: 'TAKEN', acceptedBy: data.driverId, position: event.position };
  const reason = CLOSING[event.type];
  return reason ? { kind: 'closed', callId: data.callId, reason, position: event.position } : null;
};

/**
 * The offers pending right now, per driver, as this process has seen them in the log since it
 * started: what a driver who (re)connects without a Last-Event-ID is shown first. An offer made
 * before this process started is not here; it lapses within the offer timeout anyway.
 */
export class OfferBoard {
  private readonly byCall = new Map<string, OfferView>();
  private readonly byDriver = new Map<string, Set<string>>();
  private seen = 0;
  private starting: Promise<() => void> | undefined;

  constructor(
    private readonly tail: LogTail,
    private readonly store: EventStore,
  ) {}

  /** Follows the log from where the tail started, without a gap. */
  start(): Promise<unknown> {
    this.starting ??= this.tail.start().then((from) => {
      this.seen = Math.max(this.seen, from);
      return replayThenLive(this.tail, this.store, {
        history: (head) => readLogBetween(this.store, from, head),
        onEvent: (event) => {
          this.apply(event);
          this.seen = event.position;
        },
      });
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    (await this.starting)?.();
    this.starting = undefined;
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
