import { type DomainEvent, type Decider, assertNever } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import type { CancelledBy } from '../call/call.js';
import { type DispatchState, alreadyDispatched, callExpired, notAssigned, stillLive } from './dispatch-state.js';
import { decideOffer, evolveOffer, type OfferCommand, type OfferEvent } from './offers.js';
import { type ArriveAtPickup, type DriverArrived, type Proximity, arrive, evolveArrival, requireAtPickup } from './arrival.js';
import { type DispatchReleased, type ReleaseDispatch, assign, evolveRelease, release, releasedDrivers } from './reassignment.js';

export type { DispatchState, OfferMade, PendingOffer } from './dispatch-state.js';
export type {
  CallOffered,
  DeclineOffer,
  DispatchExpired,
  ExpireDispatch,
  ExpireOffer,
  OfferCall,
  OfferDeclined,
  OfferExpired,
  OfferWithdrawalReason,
  OfferWithdrawn,
  WithdrawOffer,
} from './offers.js';
export type { ArriveAtPickup, DriverArrived, Proximity } from './arrival.js';
export type { DispatchReleased, ReleaseDispatch, ReleasedBy } from './reassignment.js';

/**
 * Dispatch — matching one call to one driver. Its stream is the call's consistency boundary for
 * the decisions that race: the first accept wins, a cancel is allowed until the passenger is picked
 * up, and only the assigned driver can start the ride. All three append here with an expected
 * revision, so they serialize without a lock.
 */
/** `replaces`: the driver an operator's assignment took the call from; `reason`: the operator's, when one assigned it. */
export type DriverAccepted = DomainEvent<
  'DriverAccepted',
  { callId: string; driverId: string; driverName: string; vehicleNo: string; acceptedAt: string; replaces?: string; reason?: string }
>;
export type DispatchCancelled = DomainEvent<
  'DispatchCancelled',
  { callId: string; driverId: string | null; reason: string | null; cancelledBy: CancelledBy; cancelledAt: string }
>;
/** The passenger is aboard: matching is over and the ride (Driving) begins. */
export type DispatchCompleted = DomainEvent<'DispatchCompleted', { callId: string; passengerId: string; driverId: string; completedAt: string }>;
export type DispatchEvent = DriverAccepted | DispatchCancelled | DispatchCompleted | DriverArrived | DispatchReleased | OfferEvent;

export type AcceptCall = { type: 'AcceptCall'; data: DriverAccepted['data'] };
/** An operator hands the call to a chosen driver (manual dispatch), also taking it from the driver it had. */
export type AssignCall = { type: 'AssignCall'; data: Omit<DriverAccepted['data'], 'replaces'> };
export type CancelDispatch = {
  type: 'CancelDispatch';
  data: { callId: string; reason: string | null; cancelledBy: CancelledBy; cancelledAt: string };
};
/**
 * `proximity`: where the driver is, when the use case looked it up; a ride starts after the arrival
 * or at the pickup. Absent only where a start already decided is repeated (a replay of history).
 */
export type CompleteDispatch = { type: 'CompleteDispatch'; data: DispatchCompleted['data']; proximity?: Proximity };
export type DispatchCommand = AcceptCall | AssignCall | CancelDispatch | CompleteDispatch | ArriveAtPickup | ReleaseDispatch | OfferCommand;

const accept = (command: AcceptCall, state: DispatchState): DispatchEvent[] => {
  const live = stillLive(command.data.callId, state);
  switch (live.status) {
    case 'open':
      // Any free driver may accept from the call list, offered or not; the pending offer closes with it.
      return [{ type: 'DriverAccepted', data: command.data }];
    case 'accepted':
    case 'completed':
      if (live.driverId === command.data.driverId) return []; // a retried accept by the winner
      throw alreadyDispatched(command.data.callId);
    default:
      return assertNever(live);
  }
};

const cancel = (command: CancelDispatch, state: DispatchState): DispatchEvent[] => {
  const { callId } = command.data;
  switch (state.status) {
    case 'open':
      return [{ type: 'DispatchCancelled', data: { ...command.data, driverId: null } }];
    case 'accepted':
      return [{ type: 'DispatchCancelled', data: { ...command.data, driverId: state.driverId } }];
    case 'completed':
      if (command.data.cancelledBy !== 'operator') {
        throw new DomainError('RIDE_ALREADY_STARTED', 'The ride has started and can no longer be cancelled', { callId });
      }
      return [{ type: 'DispatchCancelled', data: { ...command.data, driverId: state.driverId } }];
    case 'cancelled':
      return [];
    case 'expired':
      throw callExpired(callId);
    default:
      return assertNever(state);
  }
};

const complete = (command: CompleteDispatch, state: DispatchState): DispatchEvent[] => {
  const { callId } = command.data;
  const live = stillLive(callId, state);
  switch (live.status) {
    case 'open':
      throw new DomainError('CALL_NOT_DISPATCHED', 'No driver has accepted this call yet', { callId });
    case 'accepted':
      if (live.driverId !== command.data.driverId) throw notAssigned(callId);
      if (!live.arrivedAt && command.proximity) requireAtPickup(callId, command.proximity);
      return [{ type: 'DispatchCompleted', data: command.data }];
    case 'completed':
      if (live.driverId !== command.data.driverId) throw notAssigned(callId);
      return [];
    default:
      return assertNever(live);
  }
};

export const decide = (command: DispatchCommand, state: DispatchState): DispatchEvent[] => {
  switch (command.type) {
    case 'AcceptCall':
      return accept(command, state);
    case 'CancelDispatch':
      return cancel(command, state);
    case 'CompleteDispatch':
      return complete(command, state);
    case 'AssignCall':
      return assign(command, state);
    case 'ArriveAtPickup':
      return arrive(command, state);
    case 'ReleaseDispatch':
      return release(command, state);
    case 'OfferCall':
    case 'DeclineOffer':
    case 'ExpireOffer':
    case 'WithdrawOffer':
    case 'ExpireDispatch':
      return decideOffer(command, state);
    default:
      return assertNever(command);
  }
};

export const evolve = (state: DispatchState, event: DispatchEvent): DispatchState => {
  switch (event.type) {
    case 'DriverAccepted': {
      if (state.status !== 'open') return state;
      const released = releasedDrivers(state.offered);
      return { status: 'accepted', driverId: event.data.driverId, vehicleNo: event.data.vehicleNo, ...(released.length > 0 ? { released } : {}) };
    }
    case 'DriverArrived':
      return evolveArrival(state, event);
    case 'DispatchReleased':
      return evolveRelease(state, event);
    case 'DispatchCancelled':
      return state.status === 'expired' ? state : { status: 'cancelled', driverId: event.data.driverId };
    case 'DispatchCompleted':
      return state.status === 'accepted' ? { status: 'completed', driverId: event.data.driverId } : state;
    case 'CallOffered':
    case 'OfferDeclined':
    case 'OfferExpired':
    case 'OfferWithdrawn':
    case 'DispatchExpired':
      return evolveOffer(state, event);
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
};

export const initialState = (): DispatchState => ({ status: 'open', offered: [], offer: null });

export const dispatchDecider: Decider<DispatchCommand, DispatchEvent, DispatchState> = { decide, evolve, initialState };
export const dispatchStream = (callId: string) => `dispatch-${callId}`;
