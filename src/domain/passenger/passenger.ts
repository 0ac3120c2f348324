import { type DomainEvent, type Decider, assertNever } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import {
  type ContactPreferences,
  type PreferenceChanges,
  NO_PREFERENCES,
  mergePreferences,
  refuseUnreachable,
  samePreferences,
} from '../shared/contact-preferences.js';
import { isLocale } from '../shared/locale.js';
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
/** The passenger's own choice of language, channel and number (the phone is sealed personal data). */
export type PassengerPreferencesSet = DomainEvent<'PassengerPreferencesSet', { passengerId: string; setAt: string } & ContactPreferences>;
export type PassengerEvent = PassengerCallOpened | PassengerContactRecorded | PassengerPreferencesSet | UnpaidRideEvent;

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
export type SetPassengerPreferences = { type: 'SetPassengerPreferences'; data: { passengerId: string; changes: PreferenceChanges; setAt: string } };
export type PassengerCommand = OpenPassengerCall | RecordPassengerContact | SetPassengerPreferences | NoteRidePayment;

/**
 * `contact`: absent until the centre recorded one. `preferences`: how the passenger is reached,
 * the booking's number and language until the passenger chooses otherwise.
 */
export type PassengerState = {
  lastCallId: string | null;
  openedAt: string | null;
  rides: RidePayments;
  contact?: PassengerContact;
  preferences: ContactPreferences;
};

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
    case 'SetPassengerPreferences':
      return decidePreferences(command, state);
    default:
      return assertNever(command);
  }
};

const decidePreferences = (command: SetPassengerPreferences, state: PassengerState): PassengerEvent[] => {
  const { passengerId, changes, setAt } = command.data;
  const preferences = mergePreferences(state.preferences, changes);
  refuseUnreachable(preferences);
  return samePreferences(preferences, state.preferences) ? [] : [{ type: 'PassengerPreferencesSet', data: { passengerId, ...preferences, setAt } }];
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
      const preferences = { ...state.preferences, phone, locale: isLocale(locale) ? locale : state.preferences.locale };
      return { ...state, contact: { phone, name, locale }, preferences };
    }
    case 'PassengerPreferencesSet': {
      const { locale, channel, phone } = event.data;
      return { ...state, preferences: { locale, channel, phone } };
    }
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
};

export const initialState = (): PassengerState => ({ lastCallId: null, openedAt: null, rides: {}, preferences: NO_PREFERENCES });

export const passengerDecider: Decider<PassengerCommand, PassengerEvent, PassengerState> = { decide, evolve, initialState };
export const passengerStream = (passengerId: string) => `passenger-${passengerId}`;
