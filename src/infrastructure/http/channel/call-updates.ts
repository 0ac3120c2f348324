import type { LogEvent } from '../../../domain/events.js';
import type { OfferUpdate } from '../sse/offer-board.js';
import type { DownMessage } from './channel.schemas.js';

type CallUpdate = Extract<DownMessage, { type: 'call' }>;
type OfferWithdrawn = Extract<DownMessage, { type: 'offer-withdrawn' }>;

/**
 * What an event tells the driver of a call about that call, with the driver it is for. Every event
 * used names its driver, so no state is needed: a channel opened mid-ride hears the rest of it.
 * A cancel reaches the driver through their release (the dispatch's cancel may name no driver);
 * a release after a finish says nothing new, and one of an accept lost was never their call.
 */
export const callUpdateOf = (event: LogEvent): { driverId: string; message: CallUpdate } | null => {
  const update = (driverId: string, callId: string, status: CallUpdate['status'], at: string) => ({
    driverId,
    message: { type: 'call' as const, callId, status, at },
  });
  switch (event.type) {
    case 'CallDispatched':
      return update(event.data.driverId, event.data.callId, 'DISPATCHED', event.data.dispatchedAt);
    case 'RideStarted':
      return update(event.data.driverId, event.data.callId, 'DRIVING', event.data.startedAt);
    case 'RideFinished':
      return update(event.data.driverId, event.data.callId, 'FINISHED', event.data.finishedAt);
    case 'DriverReleased': {
      const { driverId, callId, reason, at } = event.data;
      if (reason === 'RIDE_FINISHED' || reason === 'ACCEPT_LOST') return null;
      return update(driverId, callId, reason === 'CALL_CANCELLED' ? 'CANCELLED' : 'RELEASED', at);
    }
    default:
      return null;
  }
};

/** An offer the driver held is gone; null when it was taken by this very driver (a `call` update says so). */
export const offerWithdrawnOf = (update: Extract<OfferUpdate, { kind: 'closed' }>, driverId: string): OfferWithdrawn | null => {
  if (update.reason === 'TAKEN' && update.acceptedBy === driverId) return null;
  return { type: 'offer-withdrawn', callId: update.callId, reason: update.reason === 'ACCEPTED' ? 'TAKEN' : update.reason };
};
