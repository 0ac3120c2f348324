import type { Logger } from 'pino';
import type { CommandHandler } from '../../../application/command-handler.js';
import type { RecordedEvent } from '../../../application/ports/event-store.js';
import { callDecider, callStream } from '../../../domain/call/call.js';
import type { LogTail } from '../sse/log-tail.js';
import { type OfferBoard, type OfferView, offerUpdateOf } from '../sse/offer-board.js';
import { callUpdateOf, offerWithdrawnOf } from './call-updates.js';
import type { DownMessage } from './channel.schemas.js';

export type Recipient = (message: DownMessage) => void;

export type DriverUpdatesDependencies = { tail: LogTail; board: OfferBoard; commands: CommandHandler; logger: Pick<Logger, 'warn'> };

/**
 * What goes down the drivers' channels, from the one live tail of this process: offers (the offer
 * board gives those pending when a driver connects), their withdrawal, and the updates of the
 * driver's calls. A thousand connected drivers cost one listener. Every delivery goes through one
 * chain, so an offer whose call is being looked up is never overtaken by its own withdrawal.
 */
export class DriverUpdates {
  private readonly recipients = new Map<string, Set<Recipient>>();
  /** callId → the driver holding its offer, for the offers a connected driver was told of. */
  private readonly offered = new Map<string, string>();
  private sending: Promise<void> = Promise.resolve();
  private starting: Promise<void> | undefined;
  private unlisten: (() => void) | undefined;

  constructor(private readonly deps: DriverUpdatesDependencies) {}

  start(): Promise<void> {
    this.starting ??= (async () => {
      // The board listens to the tail first, so its snapshot is always as new as what reached us.
      await this.deps.board.start();
      this.unlisten = await this.deps.tail.listen((events) => events.forEach((event) => this.apply(event)));
    })().catch((error: unknown) => {
      // The next connecting driver tries again.
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    this.unlisten?.();
    this.recipients.clear();
    await this.sending;
  }

  /** Delivers to the driver from now on, starting with the offers pending for them; returns the unsubscribe. */
  async subscribe(driverId: string, recipient: Recipient): Promise<() => void> {
    await this.start();
    const set = this.recipients.get(driverId) ?? new Set<Recipient>();
    this.recipients.set(driverId, set.add(recipient));
    for (const offer of this.deps.board.pendingFor(driverId)) this.sendOffer(offer, [recipient]);
    return () => {
      set.delete(recipient);
      if (set.size === 0 && this.recipients.get(driverId) === set) this.recipients.delete(driverId);
    };
  }

  /** A message from the dispatch centre to every channel of the driver open in this process. */
  tell(driverId: string, text: string): number {
    const recipients = [...(this.recipients.get(driverId) ?? [])];
    this.enqueue(async () => recipients.forEach((recipient) => recipient({ type: 'message', text, from: 'operator' })));
    return recipients.length;
  }

  get connectedDrivers(): number {
    return this.recipients.size;
  }

  private apply(event: RecordedEvent): void {
    if (this.recipients.size === 0 && this.offered.size === 0) return;
    const offer = offerUpdateOf(event);
    if (offer?.kind === 'offered') {
      if (this.recipients.has(offer.offer.driverId)) this.sendOffer(offer.offer, null);
    } else if (offer?.kind === 'closed') {
      const holder = this.offered.get(offer.callId);
      this.offered.delete(offer.callId);
      const withdrawn = holder === undefined ? null : offerWithdrawnOf(offer, holder);
      if (holder !== undefined && withdrawn) this.send(holder, withdrawn);
    }
    const update = callUpdateOf(event);
    if (update && this.recipients.has(update.driverId)) this.send(update.driverId, update.message);
  }

  /** To the given recipients (a driver just connected), or to every channel of the offer's driver. */
  private sendOffer(offer: OfferView, only: Recipient[] | null): void {
    this.offered.set(offer.callId, offer.driverId);
    this.enqueue(async () => {
      const { state: call } = await this.deps.commands.load(callDecider, callStream(offer.callId));
      if (call.status === 'none') return;
      const { pickup, destination, rideType } = call.request;
      const message: DownMessage = {
        type: 'offer',
        callId: offer.callId,
        offerId: offer.offerId,
        expiresAt: offer.expiresAt,
        pickup,
        destination,
        rideType,
      };
      for (const recipient of only ?? this.recipients.get(offer.driverId) ?? []) recipient(message);
    });
  }

  private send(driverId: string, message: DownMessage): void {
    this.enqueue(async () => {
      for (const recipient of this.recipients.get(driverId) ?? []) recipient(message);
    });
  }

  private enqueue(delivery: () => Promise<void>): void {
    this.sending = this.sending.then(delivery).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'driver channel update not sent'));
  }
}
