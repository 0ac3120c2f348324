import { type DomainEvent, type Decider, assertNever } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import type { Coordinates } from '../shared/geo.js';
import type { CancelledBy } from '../call/call.js';
import { isAway } from './presence.js';
import {
  type ContactPreferences,
  type PreferenceChanges,
  NO_PREFERENCES,
  mergePreferences,
  refuseUnreachable,
  samePreferences,
} from '../shared/contact-preferences.js';

/**
 * Driver availability: registered, online/offline, and busy with at most one call. Its stream is
 * what makes "a driver on an active ride cannot accept another call" hold under concurrency.
 * Frequent position pings are not events; only the position at going online is.
 */
export type DriverRegistered = DomainEvent<
  'DriverRegistered',
  { driverId: string; name: string; vehicleNo: string; rideTypes: string[]; registeredAt: string }
>;
export type DriverWentOnline = DomainEvent<'DriverWentOnline', { driverId: string; location: Coordinates; at: string }>;
export type DriverWentOffline = DomainEvent<'DriverWentOffline', { driverId: string; at: string }>;
export type DriverAssigned = DomainEvent<'DriverAssigned', { driverId: string; callId: string; at: string }>;
/** `cancelledBy` says who cancelled a CALL_CANCELLED release (absent on events written before it existed). */
export type DriverReleased = DomainEvent<
  'DriverReleased',
  { driverId: string; callId: string; reason: ReleaseReason; at: string; cancelledBy?: CancelledBy }
>;
/** How the driver is reached when the app is not connected (the phone is sealed personal data). */
export type DriverPreferencesSet = DomainEvent<'DriverPreferencesSet', { driverId: string; setAt: string } & ContactPreferences>;
export type DriverEvent = DriverRegistered | DriverWentOnline | DriverWentOffline | DriverAssigned | DriverReleased | DriverPreferencesSet;

/** `CALL_RELEASED`: the driver gave the call back; `REASSIGNED`: an operator gave it to another driver. */
export type ReleaseReason = 'RIDE_FINISHED' | 'CALL_CANCELLED' | 'ACCEPT_LOST' | 'CALL_RELEASED' | 'REASSIGNED';

export type RegisterDriver = { type: 'RegisterDriver'; data: DriverRegistered['data'] };
export type GoOnline = { type: 'GoOnline'; data: DriverWentOnline['data'] };
export type GoOffline = { type: 'GoOffline'; data: DriverWentOffline['data'] };
/**
 * `rideType`: the call's, when known; a driver not registered for it is refused (RIDE_TYPE_MISMATCH).
 * `lastSeenAt`: the driver's last sign of life, when an operator chooses them: a driver silent for
 * longer than `staleAfterMs` is refused (DRIVER_AWAY), as auto-dispatch would not offer them the call.
 */
export type AssignDriver = {
  type: 'AssignDriver';
  data: DriverAssigned['data'];
  rideType?: string;
  presence?: { lastSeenAt: string | null; staleAfterMs: number };
};
export type ReleaseDriver = { type: 'ReleaseDriver'; data: DriverReleased['data'] };
export type SetDriverPreferences = { type: 'SetDriverPreferences'; data: { driverId: string; changes: PreferenceChanges; setAt: string } };
export type DriverCommand = RegisterDriver | GoOnline | GoOffline | AssignDriver | ReleaseDriver | SetDriverPreferences;

export type DriverProfile = { driverId: string; name: string; vehicleNo: string; rideTypes: string[] };
export type DriverState =
  | { status: 'unregistered' }
  | { status: 'offline'; profile: DriverProfile; currentCallId: string | null; preferences: ContactPreferences }
  | { status: 'online'; profile: DriverProfile; currentCallId: string | null; preferences: ContactPreferences };

export const decide = (command: DriverCommand, state: DriverState): DriverEvent[] => {
  const { driverId } = command.data;
  if (command.type === 'RegisterDriver') {
    if (state.status === 'unregistered') return [{ type: 'DriverRegistered', data: command.data }];
    throw new DomainError('DRIVER_ALREADY_REGISTERED', `Driver ${driverId} is already registered`, { driverId });
  }
  if (state.status === 'unregistered') throw new DomainError('DRIVER_NOT_FOUND', `Driver ${driverId} does not exist`, { driverId });

  switch (command.type) {
    case 'GoOnline':
      // Going online again refreshes the known position, which is worth an event.
      return [{ type: 'DriverWentOnline', data: command.data }];
    case 'GoOffline':
      if (state.status === 'offline') return [];
      if (state.currentCallId) throw busy(driverId, state.currentCallId);
      return [{ type: 'DriverWentOffline', data: command.data }];
    case 'AssignDriver':
      if (state.currentCallId === command.data.callId) return [];
      if (state.currentCallId) throw busy(driverId, state.currentCallId);
      if (state.status === 'offline') throw new DomainError('DRIVER_OFFLINE', 'Go online before accepting a call', { driverId });
      if (command.presence && isAway(command.presence.lastSeenAt, new Date(command.data.at), command.presence.staleAfterMs)) {
        throw new DomainError('DRIVER_AWAY', 'The driver has not been heard from recently', { driverId, lastSeenAt: command.presence.lastSeenAt });
      }
      if (command.rideType !== undefined && !state.profile.rideTypes.includes(command.rideType)) throw rideTypeMismatch(driverId, command.rideType);
      return [{ type: 'DriverAssigned', data: command.data }];
    case 'ReleaseDriver':
      return state.currentCallId === command.data.callId ? [{ type: 'DriverReleased', data: command.data }] : [];
    case 'SetDriverPreferences': {
      const preferences = mergePreferences(state.preferences, command.data.changes);
      refuseUnreachable(preferences);
      return samePreferences(preferences, state.preferences)
        ? []
        : [{ type: 'DriverPreferencesSet', data: { driverId, ...preferences, setAt: command.data.setAt } }];
    }
    default:
      return assertNever(command);
  }
};

const rideTypeMismatch = (driverId: string, rideType: string) =>
  new DomainError('RIDE_TYPE_MISMATCH', `The driver is not registered for ${rideType} rides`, { driverId, rideType });

const busy = (driverId: string, callId: string) => new DomainError('DRIVER_BUSY', 'The driver is already on an active ride', { driverId, callId });

export const evolve = (state: DriverState, event: DriverEvent): DriverState => {
  switch (event.type) {
    case 'DriverRegistered': {
      if (state.status !== 'unregistered') return state;
      const { registeredAt: _ignored, ...profile } = event.data;
      return { status: 'offline', profile, currentCallId: null, preferences: NO_PREFERENCES };
    }
    case 'DriverWentOnline':
      return state.status === 'unregistered' ? state : { ...state, status: 'online' };
    case 'DriverWentOffline':
      return state.status === 'unregistered' ? state : { ...state, status: 'offline' };
    case 'DriverAssigned':
      return state.status === 'unregistered' ? state : { ...state, currentCallId: event.data.callId };
    case 'DriverReleased':
      return state.status !== 'unregistered' && state.currentCallId === event.data.callId ? { ...state, currentCallId: null } : state;
    case 'DriverPreferencesSet': {
      const { locale, channel, phone } = event.data;
      return state.status === 'unregistered' ? state : { ...state, preferences: { locale, channel, phone } };
    }
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
};

export const initialState = (): DriverState => ({ status: 'unregistered' });

export const driverDecider: Decider<DriverCommand, DriverEvent, DriverState> = { decide, evolve, initialState };
export const driverStream = (driverId: string) => `driver-${driverId}`;
