import { type DomainEvent, assertNever } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { type DispatchState, alreadyDispatched, stillLive } from './dispatch-state.js';

/**
 * Offers — the auto-dispatch half of the Dispatch aggregate. An offer is a fact on the dispatch
 * stream, so it races with accepts and cancels under the same expected revision: one pending offer
 * at a time, a driver is offered a call at most once, and an offer ends once — declined, expired,
 * or withdrawn because its driver can no longer take it.
 * The time an offer expires is in the event, so a timer lost with a process is rebuilt from the log.
 */
export type CallOffered = DomainEvent<'CallOffered', { callId: string; driverId: string; offerId: string; offeredAt: string; expiresAt: string }>;
export type OfferDeclined = DomainEvent<'OfferDeclined', { callId: string; driverId: string; offerId: string; declinedAt: string }>;
export type OfferExpired = DomainEvent<'OfferExpired', { callId: string; driverId: string; offerId: string; expiredAt: string }>;
/** Why an offer was withdrawn: its driver took another call or went offline, so waiting for them is pointless. */
export type OfferWithdrawalReason = 'DRIVER_UNAVAILABLE';
export type OfferWithdrawn = DomainEvent<
  'OfferWithdrawn',
  { callId: string; driverId: string; offerId: string; reason: OfferWithdrawalReason; withdrawnAt: string }
>;
/** Nobody accepted in time: matching is over, the call ends with no driver found. */
export type DispatchExpired = DomainEvent<
  'DispatchExpired',
  { callId: string; reason: 'NO_DRIVER_FOUND'; offerId: string | null; expiredAt: string }
>;
export type OfferEvent = CallOffered | OfferDeclined | OfferExpired | OfferWithdrawn | DispatchExpired;

export type OfferCall = { type: 'OfferCall'; data: CallOffered['data'] };
export type DeclineOffer = { type: 'DeclineOffer'; data: { callId: string; driverId: string; declinedAt: string } };
/** Sent by a timer; `expiredAt` is when it fired, which must not be before the offer's `expiresAt`. */
export type ExpireOffer = { type: 'ExpireOffer'; data: { callId: string; offerId: string; expiredAt: string } };
/** Sent by auto-dispatch when the offered driver became unavailable; names the offer, like a timer. */
export type WithdrawOffer = { type: 'WithdrawOffer'; data: { callId: string; offerId: string; reason: OfferWithdrawalReason; withdrawnAt: string } };
export type ExpireDispatch = { type: 'ExpireDispatch'; data: { callId: string; expiredAt: string } };
export type OfferCommand = OfferCall | DeclineOffer | ExpireOffer | WithdrawOffer | ExpireDispatch;

type Open = Extract<DispatchState, { status: 'open' }>;

/** Why an offer command cannot apply to a dispatch that is no longer open. */
const closed = (callId: string, state: Exclude<DispatchState, Open>): never => {
  stillLive(callId, state);
  throw alreadyDispatched(callId);
};

const offer = ({ data }: OfferCall, state: Open): OfferEvent[] => {
  const { callId, driverId, offerId } = data;
  // The same offer again (a retry, or another replica that decided on the same history).
  if (state.offered.some((made) => made.offerId === offerId)) return [];
  if (state.offer) throw new DomainError('OFFER_PENDING', 'Another offer for this call is still pending', { callId, offerId: state.offer.offerId });
  if (state.offered.some((made) => made.driverId === driverId)) {
    throw new DomainError('DRIVER_ALREADY_OFFERED', 'This driver was already offered this call', { callId, driverId });
  }
  return [{ type: 'CallOffered', data }];
};

const decline = ({ data }: DeclineOffer, state: Open): OfferEvent[] => {
  const { callId, driverId, declinedAt } = data;
  if (state.offer?.driverId === driverId) return [{ type: 'OfferDeclined', data: { callId, driverId, offerId: state.offer.offerId, declinedAt } }];
  // Declined (or let expire) before: saying no again changes nothing.
  if (state.offered.some((made) => made.driverId === driverId)) return [];
  throw new DomainError('OFFER_NOT_FOUND', 'This call was not offered to this driver', { callId, driverId });
};

const expireOffer = ({ data }: ExpireOffer, state: Open): OfferEvent[] => {
  const pending = state.offer;
  // Already declined, expired or replaced: a second timer (another replica, a replay) finds nothing to do.
  if (!pending || pending.offerId !== data.offerId) return [];
  if (Date.parse(data.expiredAt) < Date.parse(pending.expiresAt)) return [];
  return [{ type: 'OfferExpired', data: { callId: data.callId, driverId: pending.driverId, offerId: pending.offerId, expiredAt: data.expiredAt } }];
};

const withdraw = ({ data }: WithdrawOffer, state: Open): OfferEvent[] => {
  const pending = state.offer;
  // Already declined, expired, withdrawn or replaced: the driver is no longer kept waiting for anyway.
  if (!pending || pending.offerId !== data.offerId) return [];
  const { callId, reason, withdrawnAt } = data;
  return [{ type: 'OfferWithdrawn', data: { callId, driverId: pending.driverId, offerId: pending.offerId, reason, withdrawnAt } }];
};

export const decideOffer = (command: OfferCommand, state: DispatchState): OfferEvent[] => {
  const { callId } = command.data;
  if (state.status !== 'open') {
    // A timer (or a withdrawal) after the matching ended is not a fault: there is simply no offer left to end.
    if (command.type === 'ExpireOffer' || command.type === 'WithdrawOffer' || command.type === 'ExpireDispatch') return [];
    return closed(callId, state);
  }
  switch (command.type) {
    case 'OfferCall':
      return offer(command, state);
    case 'DeclineOffer':
      return decline(command, state);
    case 'ExpireOffer':
      return expireOffer(command, state);
    case 'WithdrawOffer':
      return withdraw(command, state);
    case 'ExpireDispatch':
      return [
        {
          type: 'DispatchExpired',
          data: { callId, reason: 'NO_DRIVER_FOUND', offerId: state.offer?.offerId ?? null, expiredAt: command.data.expiredAt },
        },
      ];
    default:
      return assertNever(command);
  }
};

export const evolveOffer = (state: DispatchState, event: OfferEvent): DispatchState => {
  if (state.status !== 'open') return state;
  switch (event.type) {
    case 'CallOffered': {
      const { offerId, driverId, expiresAt } = event.data;
      if (state.offered.some((made) => made.offerId === offerId)) return state;
      return { ...state, offered: [...state.offered, { offerId, driverId }], offer: { offerId, driverId, expiresAt } };
    }
    case 'OfferDeclined':
    case 'OfferExpired':
    // A withdrawn driver stays in `offered`: this call is not offered to them again (see docs/dispatch.md).
    case 'OfferWithdrawn':
      return state.offer?.offerId === event.data.offerId ? { ...state, offer: null } : state;
    case 'DispatchExpired':
      return { status: 'expired' };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
};
