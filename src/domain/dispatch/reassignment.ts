import { type DomainEvent, assertNever } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { type DispatchState, type OfferMade, notAssigned, stillLive } from './dispatch-state.js';
import type { AssignCall, DispatchEvent } from './dispatch.js';

/**
 * Giving a call back and handing it to another driver, before the ride starts. A driver who
 * releases the call reopens the matching (it is offered again, never to them); an operator who
 * assigns a dispatched call to someone else releases the previous driver in the same append, so
 * nobody can slip in between.
 */
export type ReleasedBy = 'driver' | 'operator';
export type DispatchReleased = DomainEvent<
  'DispatchReleased',
  { callId: string; driverId: string; reason: string; releasedBy: ReleasedBy; releasedAt: string }
>;

export type ReleaseDispatch = { type: 'ReleaseDispatch'; data: { callId: string; driverId: string; reason: string; releasedAt: string } };

/** A driver who gave the call back, kept among the offers so auto-dispatch never offers it to them again. */
export const releaseMark = (driverId: string): OfferMade => ({ offerId: `released:${driverId}`, driverId });
const isReleaseMark = (made: OfferMade) => made.offerId === releaseMark(made.driverId).offerId;
/** The drivers who gave the call back so far, from an open dispatch's offers. */
export const releasedDrivers = (offered: readonly OfferMade[]): string[] => offered.filter(isReleaseMark).map((made) => made.driverId);

export const rideStarted = (callId: string) =>
  new DomainError('RIDE_ALREADY_STARTED', 'The ride has started; it can no longer be given back or reassigned', { callId });

export const release = ({ data }: ReleaseDispatch, state: DispatchState): DispatchReleased[] => {
  const { callId, driverId } = data;
  const live = stillLive(callId, state);
  switch (live.status) {
    case 'open':
      if (live.offered.some((made) => isReleaseMark(made) && made.driverId === driverId)) return []; // released already
      throw new DomainError('CALL_NOT_DISPATCHED', 'No driver has accepted this call yet', { callId });
    case 'accepted':
      if (live.driverId !== driverId) throw notAssigned(callId);
      return [{ type: 'DispatchReleased', data: { ...data, releasedBy: 'driver' } }];
    case 'completed':
      if (live.driverId !== driverId) throw notAssigned(callId);
      throw rideStarted(callId);
    default:
      return assertNever(live);
  }
};

/** Back to matching; a release by the driver also keeps them out of its offers for good. */
export const evolveRelease = (state: DispatchState, { data }: DispatchReleased): DispatchState => {
  if (state.status !== 'accepted' || state.driverId !== data.driverId) return state;
  const released = [...(state.released ?? []), ...(data.releasedBy === 'driver' ? [data.driverId] : [])];
  return { status: 'open', offered: released.map(releaseMark), offer: null };
};

export const assign = ({ data }: AssignCall, state: DispatchState): DispatchEvent[] => {
  const { callId, driverId, acceptedAt, reason } = data;
  const live = stillLive(callId, state);
  switch (live.status) {
    case 'open':
      return [{ type: 'DriverAccepted', data }];
    case 'accepted':
      if (live.driverId === driverId) return [];
      return [
        {
          type: 'DispatchReleased',
          data: {
            callId,
            driverId: live.driverId,
            reason: reason ?? 'reassigned by the dispatch centre',
            releasedBy: 'operator',
            releasedAt: acceptedAt,
          },
        },
        { type: 'DriverAccepted', data: { ...data, replaces: live.driverId } },
      ];
    case 'completed':
      throw rideStarted(callId);
    default:
      return assertNever(live);
  }
};
