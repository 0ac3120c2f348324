import { type DomainEvent, type Decider, assertNever } from '../shared/decider.js';
import { REFERENCE_TARIFF, type Tariff } from '../driving/fare.js';

/**
 * The operator's tariff and availability per ride type. A tariff is in force from the moment it is
 * set, and a call fixes the one in force at its request (its version is in `CallRequested`), so
 * the price quoted is the price paid. A suspended ride type ("sold out") refuses new requests.
 */
export type TariffSet = DomainEvent<'TariffSet', { rideType: string; tariff: Tariff; setAt: string; version?: number }>;
export type RideTypeSuspended = DomainEvent<'RideTypeSuspended', { rideType: string; reason: string | null; suspendedAt: string }>;
export type RideTypeResumed = DomainEvent<'RideTypeResumed', { rideType: string; resumedAt: string }>;
export type TariffEvent = TariffSet | RideTypeSuspended | RideTypeResumed;

export type SetTariff = { type: 'SetTariff'; data: Omit<TariffSet['data'], 'version'> };
export type SuspendRideType = { type: 'SuspendRideType'; data: RideTypeSuspended['data'] };
export type ResumeRideType = { type: 'ResumeRideType'; data: RideTypeResumed['data'] };
export type TariffCommand = SetTariff | SuspendRideType | ResumeRideType;

/** `version` 0 is the reference tariff nobody set; each TariffSet is the next version. */
export type TariffState = { tariff: Tariff; version: number; effectiveFrom: string | null; available: boolean };

/**
 * Old `TariffSet` events hold `{currency, amountPerStartedMinute, minimumMinutes}` and no version:
 * every later field is optional with the per-minute meaning, and the version is the count of sets.
 */
export const upcastTariffSet = (data: TariffSet['data'], previousVersion: number): Required<TariffSet['data']> => ({
  ...data,
  tariff: { ...REFERENCE_TARIFF, ...data.tariff },
  version: data.version ?? previousVersion + 1,
});

const canonical = (tariff: Tariff) => JSON.stringify(Object.entries(tariff).sort(([a], [b]) => a.localeCompare(b)));

export const decide = (command: TariffCommand, state: TariffState): TariffEvent[] => {
  switch (command.type) {
    case 'SetTariff':
      return canonical(command.data.tariff) === canonical(state.tariff)
        ? []
        : [{ type: 'TariffSet', data: { ...command.data, version: state.version + 1 } }];
    case 'SuspendRideType':
      return state.available ? [{ type: 'RideTypeSuspended', data: command.data }] : [];
    case 'ResumeRideType':
      return state.available ? [] : [{ type: 'RideTypeResumed', data: command.data }];
    default:
      return assertNever(command);
  }
};

export const evolve = (state: TariffState, event: TariffEvent): TariffState => {
  switch (event.type) {
    case 'TariffSet': {
      const { tariff, version, setAt } = upcastTariffSet(event.data, state.version);
      return { ...state, tariff, version, effectiveFrom: setAt };
    }
    case 'RideTypeSuspended':
      return { ...state, available: false };
    case 'RideTypeResumed':
      return { ...state, available: true };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
};

export const tariffDecider: Decider<TariffCommand, TariffEvent, TariffState> = {
  decide,
  evolve,
  initialState: () => ({ tariff: REFERENCE_TARIFF, version: 0, effectiveFrom: null, available: true }),
};

export const tariffStream = (rideType: string) => `tariff-${rideType}`;
