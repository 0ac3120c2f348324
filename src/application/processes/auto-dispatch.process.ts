import { CALL_CLOSING_EVENTS, callIdOf, closesCall, isOneOf, type LogEvent } from '../../domain/events.js';
import { releaseMark } from '../../domain/dispatch/reassignment.js';
import type { Coordinates } from '../../domain/shared/geo.js';

/**
 * Auto-dispatch, the pure part: what one open call needs next, given what the log says about it
 * and the time. The worker feeds it events and a clock, and carries out the steps; every step is a
 * command on the dispatch stream, so a repeated or concurrent step (a replay, a second replica)
 * is decided there once.
 */
export type AutoDispatchSettings = {
  /** How long a driver has to accept an offer. */
  offerTimeoutMs: number;
  /** After this long without an accept, counted from the request, the call ends: no driver found. */
  totalTimeoutMs: number;
  /** When nobody available is near, how long to wait before searching again. */
  searchRetryMs: number;
};

export type OpenDispatch = {
  callId: string;
  pickup: Coordinates;
  rideType: string;
  /** Global position of the CallRequested: replaying from just before it rebuilds this dispatch. */
  since: number;
  /** When the call ends with no driver found (ms since the epoch). */
  deadline: number;
  /** Every offer made, the pending one included; these drivers are never offered the call again. */
  offered: Array<{ offerId: string; driverId: string }>;
  /** `withdraw`: its driver took another call or went offline, so it is withdrawn rather than left to expire. */
  offer: { offerId: string; driverId: string; expiresAt: number; withdraw: boolean } | null;
  /** Set when a search found nobody: the next one waits until then. Not in the log; a restart searches at once. */
  searchAgainAt: number | null;
  /** The last event applied: what caused the next command. */
  causationId: string;
  /** How many times a driver gave the call back: each reopening numbers its offers afresh. Absent: never. */
  round?: number;
};

export type Step =
  | { kind: 'expireDispatch' }
  | { kind: 'expireOffer'; offerId: string }
  | { kind: 'withdrawOffer'; offerId: string }
  | { kind: 'offer'; offerId: string; exclude: string[]; expiresAt: number }
  | { kind: 'wait'; until: number };

/** A logged or just-decided event; `position` and `eventId` are known once it is in the log. */
export type AppliedEvent = LogEvent & { position?: number; eventId?: string };

const followed = isOneOf(['CallRequested', 'CallReleased', 'CallOffered', 'OfferDeclined', 'OfferExpired', 'OfferWithdrawn', ...CALL_CLOSING_EVENTS]);

/** The call an event concerns, if auto-dispatch follows it. */
export const dispatchKeyOf = (event: LogEvent): string | null => (followed(event) ? callIdOf(event) : null);

/**
 * A driver gave the call back: matching starts again, with a fresh total timeout from the release
 * and never the drivers who gave it back (kept among the offers, as the dispatch stream keeps them).
 */
const reopened = (event: Extract<AppliedEvent, { type: 'CallReleased' }>, causationId: string, settings: AutoDispatchSettings): OpenDispatch => {
  const { callId, pickup, rideType, releasedAt, excludedDriverIds } = event.data;
  return {
    callId,
    pickup,
    rideType,
    since: event.position ?? 0,
    deadline: Date.parse(releasedAt) + settings.totalTimeoutMs,
    offered: excludedDriverIds.map(releaseMark),
    offer: null,
    searchAgainAt: null,
    causationId,
    round: excludedDriverIds.length,
  };
};

/** Total: unknown events and events about a dispatch it never saw open change nothing. */
export const evolve = (dispatch: OpenDispatch | null, event: AppliedEvent, settings: AutoDispatchSettings): OpenDispatch | null => {
  const causationId = event.eventId ?? dispatch?.causationId ?? '';
  if (event.type === 'CallRequested') {
    if (dispatch) return dispatch;
    const { callId, pickup, rideType, requestedAt } = event.data;
    const deadline = Date.parse(requestedAt) + settings.totalTimeoutMs;
    return { callId, pickup, rideType, since: event.position ?? 0, deadline, offered: [], offer: null, searchAgainAt: null, causationId };
  }
  if (event.type === 'CallReleased') return dispatch ?? reopened(event, causationId, settings);
  if (!dispatch) return null;
  // Nobody will be offered the call anymore.
  if (closesCall(event)) return null;
  switch (event.type) {
    case 'CallOffered': {
      const { offerId, driverId, expiresAt } = event.data;
      if (dispatch.offered.some((made) => made.offerId === offerId)) return { ...dispatch, causationId };
      const offer = { offerId, driverId, expiresAt: Date.parse(expiresAt), withdraw: false };
      return { ...dispatch, offered: [...dispatch.offered, { offerId, driverId }], offer, searchAgainAt: null, causationId };
    }
    case 'OfferDeclined':
    case 'OfferExpired':
    // The withdrawn driver stays in `offered` and is not offered this call again: they are on another
    // ride (minutes, past most of the call's total timeout) or offline, and can still take it from the call list.
    case 'OfferWithdrawn': {
      const { offerId } = event.data;
      return dispatch.offer?.offerId === offerId ? { ...dispatch, offer: null, causationId } : dispatch;
    }
    default:
      return dispatch;
  }
};

/** A driver who can no longer take offers, except for the call they just accepted (`keeps`). */
export type UnavailableDriver = { driverId: string; keeps: string | null };

/**
 * The driver an event takes out of reach: they won a call (from the call list, or the offer itself)
 * or went offline. The win on the dispatch stream, not the reservation on the driver's stream, is
 * what counts: a reservation whose accept loses is released again, and that driver is still free.
 */
export const unavailableDriverOf = (event: LogEvent): UnavailableDriver | null => {
  switch (event.type) {
    case 'DriverAccepted': {
      const { driverId, callId } = event.data;
      return { driverId, keeps: callId };
    }
    case 'DriverWentOffline':
      return { driverId: event.data.driverId, keeps: null };
    default:
      return null;
  }
};

/**
 * Marks the pending offer for withdrawal when its driver became unavailable for this call; the
 * driver accepting this very call closes it instead (`evolve`). `causationId` is what made them
 * unavailable, the cause of the WithdrawOffer.
 */
export const driverUnavailable = (dispatch: OpenDispatch, driver: UnavailableDriver, causationId: string): OpenDispatch => {
  const { offer } = dispatch;
  if (!offer || offer.withdraw || offer.driverId !== driver.driverId || driver.keeps === dispatch.callId) return dispatch;
  return { ...dispatch, offer: { ...offer, withdraw: true }, causationId };
};

/**
 * WithdrawOffer decided nothing: the offer ended meanwhile (its timer, a decline, another replica),
 * and the log is bringing that. Until it does, the offer waits for its timer, not another withdrawal.
 */
export const withdrawalSettled = (dispatch: OpenDispatch, offerId: string): OpenDispatch =>
  dispatch.offer?.offerId === offerId && dispatch.offer.withdraw ? { ...dispatch, offer: { ...dispatch.offer, withdraw: false } } : dispatch;

/** What to do now: the deadline first, then the pending offer (withdrawn, or its timer), then the next offer. */
export const nextStep = (dispatch: OpenDispatch, now: number, settings: AutoDispatchSettings): Step => {
  if (now >= dispatch.deadline) return { kind: 'expireDispatch' };
  const { offer } = dispatch;
  if (offer?.withdraw) return { kind: 'withdrawOffer', offerId: offer.offerId };
  if (offer)
    return now >= offer.expiresAt
      ? { kind: 'expireOffer', offerId: offer.offerId }
      : { kind: 'wait', until: Math.min(offer.expiresAt, dispatch.deadline) };
  if (dispatch.searchAgainAt !== null && now < dispatch.searchAgainAt)
    return { kind: 'wait', until: Math.min(dispatch.searchAgainAt, dispatch.deadline) };
  return {
    kind: 'offer',
    // Derived from the history, so two replicas deciding on the same history name the same offer.
    offerId: dispatch.round
      ? `${dispatch.callId}:${dispatch.round}:${dispatch.offered.length + 1}`
      : `${dispatch.callId}:${dispatch.offered.length + 1}`,
    exclude: dispatch.offered.map((made) => made.driverId),
    expiresAt: now + settings.offerTimeoutMs,
  };
};

/** Nobody to offer the call to right now. */
export const noDriverFound = (dispatch: OpenDispatch, now: number, settings: AutoDispatchSettings): OpenDispatch => ({
  ...dispatch,
  searchAgainAt: now + settings.searchRetryMs,
});
