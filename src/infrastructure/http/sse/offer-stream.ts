import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { EventStore, RecordedEvent } from '../../../application/ports/event-store.js';
import type { RideDependencies } from '../../../application/ride-dependencies.js';
import { callDecider, callStream } from '../../../domain/call/call.js';
import { type LogTail, readLogBetween, replayThenLive } from './log-tail.js';
import { type OfferBoard, type OfferView, offerUpdateOf } from './offer-board.js';
import { type SseOptions, lastEventIdOf, openSse } from './sse.js';

export type OfferStreamDependencies = RideDependencies & {
  eventStore: EventStore;
  tail: LogTail;
  board: OfferBoard;
  logger: Logger;
  sse: SseOptions;
};

/**
 * A driver's offers as Server-Sent Events: `event: offer` when the call is offered to this driver
 * (with where to pick up and until when), `event: offer-closed` when that offer ends. `id:` is the
 * log position: with Last-Event-ID the stream resumes after it; without, it starts with the offers
 * pending for the driver (the board's snapshot), then follows the log live.
 */
export const streamOffers = async (req: Request, res: Response, driverId: string, deps: OfferStreamDependencies): Promise<void> => {
  const resumeAfter = lastEventIdOf(req);
  await deps.board.start();
  const sse = openSse(req, res, deps.sse);
  const mine = new Map<string, string>(); // callId → offerId pending for this driver

  // Sends are chained so the call lookup of one offer never reorders the stream.
  let sending = Promise.resolve();
  const sendOffer = (offer: OfferView) => {
    mine.set(offer.callId, offer.offerId);
    sending = sending.then(async () => {
      const { state: call } = await deps.commands.load(callDecider, callStream(offer.callId));
      const details =
        call.status === 'none' ? {} : { pickup: call.request.pickup, destination: call.request.destination, rideType: call.request.rideType };
      sse.send({ id: offer.position, event: 'offer', data: { ...offer, ...details } });
    });
  };
  const onEvent = (event: RecordedEvent) => {
    const update = offerUpdateOf(event);
    if (!update) return;
    if (update.kind === 'offered') {
      if (update.offer.driverId === driverId) sendOffer(update.offer);
      return;
    }
    const offerId = mine.get(update.callId);
    if (!offerId) return;
    mine.delete(update.callId);
    const reason = update.reason === 'TAKEN' && update.acceptedBy === driverId ? 'ACCEPTED' : update.reason;
    sending = sending.then(() =>
      sse.send({ id: update.position, event: 'offer-closed', data: { offerId, callId: update.callId, driverId, reason } }),
    );
  };

  try {
    // The board's snapshot and its position are read together: the history continues exactly there.
    const boardPosition = deps.board.position;
    const pending = deps.board.pendingFor(driverId);
    if (resumeAfter === null) pending.forEach(sendOffer);
    // On resume the client has the offers up to its id; they are tracked so their closing is reported.
    else for (const offer of pending) if (offer.position <= resumeAfter) mine.set(offer.callId, offer.offerId);
    const from = resumeAfter ?? boardPosition;
    const unlisten = await replayThenLive(deps.tail, deps.eventStore, {
      history: (head) => readLogBetween(deps.eventStore, from, head),
      onEvent: (event) => event.position > from && onEvent(event),
    });
    sse.onClose(unlisten);
  } catch (error) {
    deps.logger.warn({ err: error, driverId }, 'offer stream failed');
    sse.close();
  }
};
