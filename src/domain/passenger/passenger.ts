import { type DomainEvent, type Decider, assertNever } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import {
  type NoteRidePayment,
  type RidePayments,
  type UnpaidRideEvent,
  decideRidePayment,
  evolveRidePayments,
  refuseIfOwing,
} from './unpaid-rides.js';

/**
 * Passenger — one open call per passenger. Its stream records each call the passenger opens, so
 * two requests racing for one passenger serialize on it (optimistic concurrency): the second sees
 * the first's call and is refused. Whether the last call is still open is looked up by the use
 * case (from the call's own streams) and arrives in the command, with the call id it is about.
 * The stream also records the rides the passenger owes (unpaid-rides.ts): a request is refused
 * with UNPAID_RIDE in the same decision.
 */
export type PassengerCallOpened = DomainEvent<'PassengerCallOpened', { passengerId: string; callId: string; openedAt: string }>;
/** How the dispatch centre reaches a passenger who booked by phone (personal data: sealed in the log). */
export type PassengerContact = { phone: string; name: string | null; locale: string | null };
export type PassengerContactRecorded = DomainEvent<'PassengerContactRecorded', { passengerId: string; recordedAt: string } & PassengerContact>;
export type PassengerEvent = PassengerCallOpened | PassengerContactRecorded | UnpaidRideEvent;

export type OpenPassengerCall = {
  type: 'OpenPassengerCall';
  data: {
    passengerId: string;
    callId: string;
    openedAt: string;
    /** What the use case found about the passenger's last call; null when it found none. */
    checked: { callId: string; open: boolean } | null;
  };
};
export type RecordPassengerContact = { type: 'RecordPassengerContact'; data: PassengerContactRecorded['data'] };
export type PassengerCommand = OpenPassengerCall | RecordPassengerContact | NoteRidePayment;

/** `contact`: absent until the centre recorded one. */
export type PassengerState = { lastCallId: string | null; openedAt: string | null; rides: RidePayments; contact?: PassengerContact };

const sameContact = (a: PassengerContact | undefined, b: PassengerContact) => a?.phone === b.phone && a.name === b.name && a.locale === b.locale;

const hasOpenCall = (passengerId: string, callId: string) =>
  new DomainError('PASSENGER_HAS_OPEN_CALL', 'This passenger already has an open call; cancel it or wait until it ends', { passengerId, callId });

const decideOpenCall = (command: OpenPassengerCall, state: PassengerState): PassengerEvent[] => {
  const { passengerId, callId, openedAt, checked } = command.data;
  if (state.lastCallId === callId) return []; // the same request retried (Idempotency-Key)
  refuseIfOwing(state.rides);
  if (state.lastCallId === null) return [{ type: 'PassengerCallOpened', data: { passengerId, callId, openedAt } }];
  // The check was about another call than the last one: a concurrent request opened it meanwhile.
  if (checked?.callId !== state.lastCallId || checked.open) throw hasOpenCall(passengerId, state.lastCallId);
  return [{ type: 'PassengerCallOpened', data: { passengerId, callId, openedAt } }];
};

export const decide = (command: PassengerCommand, state: PassengerState): PassengerEvent[] => {
  switch (command.type) {
    case 'OpenPassengerCall':
      return decideOpenCall(command, state);
    case 'NoteRidePayment':
      return decideRidePayment(command, state.rides);
    case 'RecordPassengerContact': {
      const { phone, name, locale } = command.data;
      return sameContact(state.contact, { phone, name, locale }) ? [] : [{ type: 'PassengerContactRecorded', data: command.data }];
    }
    default:
      return assertNever(command);
  }
};

export const evolve = (state: PassengerState, event: PassengerEvent): PassengerState => {
  switch (event.type) {
    case 'PassengerCallOpened':
      return { ...state, lastCallId: event.data.callId, openedAt: event.data.openedAt };
    case 'RideLeftUnpaid':
    case 'UnpaidRideSettled':
      return { ...state, rides: evolveRidePayments(state.rides, event) };
    case 'PassengerContactRecorded': {
      const { phone, name, locale } = event.data;
      return { ...state, contact: { phone, name, locale } };
    }
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
};

export const initialState = (): PassengerState => ({ lastCallId: null, openedAt: null, rides: {} });

export const passengerDecider: Decider<PassengerCommand, PassengerEvent, PassengerState> = { decide, evolve, initialState };
export const passengerStream = (passengerId: string) => `passenger-${passengerId}`;
