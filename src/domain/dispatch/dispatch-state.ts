import { DomainError } from '../shared/domain-error.js';

/**
 * The Dispatch aggregate's state, in a module of its own so that the accept/cancel half
 * (dispatch.ts) and the offer half (offers.ts) both depend on it and not on each other.
 */
export type PendingOffer = { offerId: string; driverId: string; expiresAt: string };
/** Every offer made for the call, the pending one included: whoever is here is never offered it again. */
export type OfferMade = { offerId: string; driverId: string };

export type DispatchState =
  /** Matching: the drivers offered the call so far, and the offer that is pending, if any. */
  | { status: 'open'; offered: readonly OfferMade[]; offer: PendingOffer | null }
  /**
   * `arrivedAt`: the driver said they are at the pickup. `released`: drivers who took the call and
   * gave it back; they are never offered it again. Both absent until they happen.
   */
  | { status: 'accepted'; driverId: string; vehicleNo: string; arrivedAt?: string; released?: readonly string[] }
  | { status: 'completed'; driverId: string }
  | { status: 'cancelled'; driverId: string | null }
  /** Nobody accepted in time (no driver found). */
  | { status: 'expired' };

/** A dispatch that still takes steps: neither cancelled nor expired. */
export type LiveDispatch = Exclude<DispatchState, { status: 'cancelled' | 'expired' }>;

export const alreadyDispatched = (callId: string) => new DomainError('CALL_ALREADY_DISPATCHED', 'This call has already been dispatched', { callId });
export const callCancelled = (callId: string) => new DomainError('CALL_ALREADY_CANCELLED', 'This call was cancelled', { callId });
export const callExpired = (callId: string) =>
  new DomainError('CALL_EXPIRED', 'No driver was found for this call in time; request a new one', { callId });
export const notAssigned = (callId: string) => new DomainError('NOT_ASSIGNED_DRIVER', 'This ride is assigned to another driver', { callId });

/** A cancelled or expired call refuses every step of a driver or an operator, each with its own code. */
export const stillLive = (callId: string, state: DispatchState): LiveDispatch => {
  if (state.status === 'cancelled') throw callCancelled(callId);
  if (state.status === 'expired') throw callExpired(callId);
  return state;
};
