import type { DispatchState } from '../../domain/dispatch/dispatch.js';
import type { ReleaseReason } from '../../domain/driver/driver.js';

/**
 * What becomes of a driver's reservation for a call (`DriverAssigned`), given the call's dispatch:
 * kept while the dispatch names the driver, released when it names another driver or is closed,
 * and released when nobody accepted the call within `timeoutMs` of the reservation (the accept
 * request died between its two writes). Until then, wait and look again.
 */
export type ReservationVerdict = { kind: 'keep' } | { kind: 'release'; reason: ReleaseReason } | { kind: 'wait'; until: number };

export const reservationVerdict = (
  dispatch: DispatchState,
  driverId: string,
  reservedAt: number,
  now: number,
  timeoutMs: number,
): ReservationVerdict => {
  switch (dispatch.status) {
    case 'accepted':
    case 'completed':
      return dispatch.driverId === driverId ? { kind: 'keep' } : { kind: 'release', reason: 'ACCEPT_LOST' };
    case 'cancelled':
      return { kind: 'release', reason: 'CALL_CANCELLED' };
    case 'expired':
      return { kind: 'release', reason: 'ACCEPT_LOST' };
    case 'open': {
      const until = reservedAt + timeoutMs;
      return now >= until ? { kind: 'release', reason: 'ACCEPT_LOST' } : { kind: 'wait', until };
    }
    default: {
      const _exhaustive: never = dispatch;
      return { kind: 'keep' };
    }
  }
};
