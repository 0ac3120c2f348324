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
