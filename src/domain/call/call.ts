import { type DomainEvent, type Decider, assertNever } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import type { Place } from '../shared/geo.js';
import type { Locale } from '../shared/locale.js';
import type { FareEstimate } from '../driving/fare-estimate.js';
import type { Tariff } from '../driving/fare.js';

/**
 * Call — the passenger's request and its life: requested → dispatched → completed, or cancelled /
 * no driver found. The Call follows what Dispatch and Driving decided (through the acceptance and
 * ride process managers); it never re-decides them, so every `Mark…` command is idempotent.
 */
export type RideType = string;
export const RIDE_TYPES = ['STANDARD', 'DELUXE', 'VAN'] as const;

export type CallRequest = {
  callId: string;
  passengerId: string;
  pickup: Place;
  destination: Place;
  rideType: RideType;
  /** The tariff fixed at the request and the estimate quoted from it (absent from older calls). */
  quote?: CallQuote;
  /** The language the passenger is told in, fixed at the request (absent from older calls: English). */
  locale?: Locale;
  /** Set when the dispatch centre booked the call for the passenger (a phone booking). */
  bookedBy?: { role: 'operator'; id: string };
};

export type CallQuote = { tariffVersion: number; tariff: Tariff; estimate: FareEstimate };

/** Looked up before the request is decided: is the ride type on sale? (What the passenger owes is on their own stream.) */
export type RequestChecks = { rideTypeAvailable: boolean };

export type CancelledBy = 'passenger' | 'operator' | 'system';

export type CallRequested = DomainEvent<'CallRequested', CallRequest & { requestedAt: string }>;
/** `replaces`: the driver an operator took the call from (a reassignment of a dispatched call). */
export type CallDispatched = DomainEvent<
  'CallDispatched',
  { callId: string; driverId: string; vehicleNo: string; dispatchedAt: string; replaces?: string }
>;
/**
 * The driver gave the call back before the ride: it is open again. It repeats what matching needs
 * (where, which ride type, who not to offer it to) so that the readers that drop a call once it is
 * taken can take it up again without reading the call's first event.
 */
export type CallReleased = DomainEvent<
  'CallReleased',
  Omit<CallRequest, 'quote'> & { driverId: string; reason: string; releasedAt: string; requestedAt: string; excludedDriverIds: string[] }
>;
export type CallCompleted = DomainEvent<'CallCompleted', { callId: string; completedAt: string }>;
export type CallCancelled = DomainEvent<'CallCancelled', { callId: string; reason: string | null; cancelledBy: CancelledBy; cancelledAt: string }>;
export type CallExpired = DomainEvent<'CallExpired', { callId: string; reason: 'NO_DRIVER_FOUND'; expiredAt: string }>;
export type CallEvent = CallRequested | CallDispatched | CallCompleted | CallCancelled | CallExpired | CallReleased;

export type RequestCall = { type: 'RequestCall'; data: CallRequest & { requestedAt: string }; checks?: RequestChecks };
export type MarkCallDispatched = { type: 'MarkCallDispatched'; data: CallDispatched['data'] };
export type ReleaseCall = { type: 'ReleaseCall'; data: { callId: string; driverId: string; reason: string; releasedAt: string } };
export type CompleteCall = { type: 'CompleteCall'; data: { callId: string; completedAt: string } };
export type CancelCall = { type: 'CancelCall'; data: { callId: string; reason: string | null; cancelledBy: CancelledBy; cancelledAt: string } };
export type ExpireCall = { type: 'ExpireCall'; data: { callId: string; expiredAt: string } };
export type CallCommand = RequestCall | MarkCallDispatched | ReleaseCall | CompleteCall | CancelCall | ExpireCall;

/** `released`: the drivers who gave the call back (absent until one does). */
export type CallState =
  | { status: 'none' }
  | { status: 'requested'; request: CallRequest; requestedAt?: string; released?: readonly string[] }
  | { status: 'dispatched'; request: CallRequest; driverId: string; requestedAt?: string; released?: readonly string[] }
  | { status: 'completed'; request: CallRequest }
  | { status: 'cancelled'; request: CallRequest }
  | { status: 'expired'; request: CallRequest };

const samePlace = (a: Place, b: Place) => a.lat === b.lat && a.lng === b.lng && a.address === b.address;
/** Field by field: a retried request may carry its fields in another order. */
const sameRequest = (a: CallRequest, b: CallRequest) =>
  a.callId === b.callId &&
  a.passengerId === b.passengerId &&
  a.rideType === b.rideType &&
  samePlace(a.pickup, b.pickup) &&
  samePlace(a.destination, b.destination);

/** A retried request (the same Idempotency-Key) answers with its call even if these changed since. */
const refuseUnlessAllowed = ({ data, checks }: RequestCall) => {
  if (checks && !checks.rideTypeAvailable) {
    throw new DomainError('RIDE_TYPE_UNAVAILABLE', `${data.rideType} rides are not available right now`, { rideType: data.rideType });
  }
};

const released = ({ data }: ReleaseCall, state: Extract<CallState, { status: 'dispatched' }>): CallReleased => {
  const { quote: _quote, ...request } = state.request;
  return {
    type: 'CallReleased',
    data: {
      ...request,
      ...data,
      requestedAt: state.requestedAt ?? data.releasedAt,
      excludedDriverIds: [...(state.released ?? []), data.driverId],
    },
  };
};

export const decide = (command: CallCommand, state: CallState): CallEvent[] => {
  if (command.type === 'RequestCall') {
    if (state.status === 'none') {
      refuseUnlessAllowed(command);
      return [{ type: 'CallRequested', data: command.data }];
    }
    const { requestedAt: _ignored, ...request } = command.data;
    if (sameRequest(state.request, request)) return []; // the same request retried (Idempotency-Key)
    throw new DomainError('CALL_ALREADY_EXISTS', 'A different call already exists with this id', { callId: command.data.callId });
  }
  if (state.status === 'none') throw new DomainError('CALL_NOT_FOUND', `Call ${command.data.callId} does not exist`);

  switch (command.type) {
    case 'MarkCallDispatched': {
      // A reassignment names the driver it replaces, so a late repeat of an older step changes nothing.
      const { replaces } = command.data;
      const applies = state.status === 'requested' || (state.status === 'dispatched' && replaces !== undefined && state.driverId === replaces);
      return applies ? [{ type: 'CallDispatched', data: command.data }] : [];
    }
    case 'ReleaseCall':
      return state.status === 'dispatched' && state.driverId === command.data.driverId ? [released(command, state)] : [];
    case 'CompleteCall':
      return state.status === 'requested' || state.status === 'dispatched' ? [{ type: 'CallCompleted', data: command.data }] : [];
    case 'CancelCall':
      // Dispatch already decided whether a cancel is allowed (it owns "until the ride starts");
      // an operator may also cancel a completed call, which refunds it.
      if (state.status === 'cancelled' || state.status === 'expired') return [];
      if (state.status === 'completed' && command.data.cancelledBy !== 'operator') {
        throw new DomainError('RIDE_ALREADY_FINISHED', 'A finished ride can only be cancelled by an operator');
      }
      return [{ type: 'CallCancelled', data: command.data }];
    case 'ExpireCall':
      return state.status === 'requested'
        ? [{ type: 'CallExpired', data: { callId: command.data.callId, reason: 'NO_DRIVER_FOUND', expiredAt: command.data.expiredAt } }]
        : [];
    default:
      return assertNever(command);
  }
};

export const evolve = (state: CallState, event: CallEvent): CallState => {
  switch (event.type) {
    case 'CallRequested': {
      if (state.status !== 'none') return state;
      const { requestedAt, ...request } = event.data;
      return { status: 'requested', request, requestedAt };
    }
    case 'CallDispatched':
      return state.status === 'requested' || (state.status === 'dispatched' && event.data.replaces === state.driverId)
        ? { ...state, status: 'dispatched', driverId: event.data.driverId }
        : state;
    case 'CallReleased':
      if (state.status !== 'dispatched') return state;
      return { status: 'requested', request: state.request, requestedAt: event.data.requestedAt, released: event.data.excludedDriverIds };
    case 'CallCompleted':
      return state.status === 'none' ? state : { status: 'completed', request: state.request };
    case 'CallCancelled':
      return state.status === 'none' ? state : { status: 'cancelled', request: state.request };
    case 'CallExpired':
      return state.status === 'none' ? state : { status: 'expired', request: state.request };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
};

export const initialState = (): CallState => ({ status: 'none' });

export const callDecider: Decider<CallCommand, CallEvent, CallState> = { decide, evolve, initialState };
export const callStream = (callId: string) => `call-${callId}`;
