import { type DomainEvent, type Decider } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';

/**
 * Passenger — one open call per passenger. Its stream records each call the passenger opens, so
 * two requests racing for one passenger serialize on it (optimistic concurrency): the second sees
 * the first's call and is refused. Whether the last call is still open is looked up by the use
 * case (from the call's own streams) and arrives in the command, with the call id it is about.
 */
export type PassengerCallOpened = DomainEvent<'PassengerCallOpened', { passengerId: string; callId: string; openedAt: string }>;
/** How the dispatch centre reaches a passenger who booked by phone (personal data: sealed in the log). */
export type PassengerContact = { phone: string; name: string | null; locale: string | null };
export type PassengerContactRecorded = DomainEvent<'PassengerContactRecorded', { passengerId: string; recordedAt: string } & PassengerContact>;
export type PassengerEvent = PassengerCallOpened | PassengerContactRecorded;

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
export type PassengerCommand = OpenPassengerCall | RecordPassengerContact;

/** `contact`: absent until the centre recorded one. */
export type PassengerState = { lastCallId: string | null; openedAt: string | null; contact?: PassengerContact };

const sameContact = (a: PassengerContact | undefined, b: PassengerContact) => a?.phone === b.phone && a.name === b.name && a.locale === b.locale;

const hasOpenCall = (passengerId: string, callId: string) =>
  new DomainError('PASSENGER_HAS_OPEN_CALL', 'This passenger already has an open call; cancel it or wait until it ends', { passengerId, callId });

export const decide = (command: PassengerCommand, state: PassengerState): PassengerEvent[] => {
  if (command.type === 'RecordPassengerContact') {
    const { phone, name, locale } = command.data;
    return sameContact(state.contact, { phone, name, locale }) ? [] : [{ type: 'PassengerContactRecorded', data: command.data }];
  }
  const { passengerId, callId, openedAt, checked } = command.data;
  if (state.lastCallId === callId) return []; // the same request retried (Idempotency-Key)
  if (state.lastCallId === null) return [{ type: 'PassengerCallOpened', data: { passengerId, callId, openedAt } }];
  // The check was about another call than the last one: a concurrent request opened it meanwhile.
  if (checked?.callId !== state.lastCallId || checked.open) throw hasOpenCall(passengerId, state.lastCallId);
  return [{ type: 'PassengerCallOpened', data: { passengerId, callId, openedAt } }];
};

export const evolve = (state: PassengerState, event: PassengerEvent): PassengerState => {
  switch (event.type) {
    case 'PassengerCallOpened':
      return { ...state, lastCallId: event.data.callId, openedAt: event.data.openedAt };
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

export const initialState = (): PassengerState => ({ lastCallId: null, openedAt: null });

export const passengerDecider: Decider<PassengerCommand, PassengerEvent, PassengerState> = { decide, evolve, initialState };
export const passengerStream = (passengerId: string) => `passenger-${passengerId}`;
