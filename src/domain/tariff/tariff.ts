import type { DomainEvent, Decider } from '../shared/decider.js';
import { REFERENCE_TARIFF, type Tariff } from '../driving/fare.js';

/** The operator sets the tariff per ride type; a ride is priced with the tariff in force at finish. */
export type TariffSet = DomainEvent<'TariffSet', { rideType: string; tariff: Tariff; setAt: string }>;
/** The tariff stream holds only this one kind of event. */
export type TariffEvent = TariffSet;
export type SetTariff = { type: 'SetTariff'; data: TariffSet['data'] };
export type TariffState = { tariff: Tariff };

const sameTariff = (a: Tariff, b: Tariff) =>
  a.currency === b.currency && a.amountPerStartedMinute === b.amountPerStartedMinute && a.minimumMinutes === b.minimumMinutes;

export const tariffDecider: Decider<SetTariff, TariffSet, TariffState> = {
  decide: (command, state) => (sameTariff(command.data.tariff, state.tariff) ? [] : [{ type: 'TariffSet', data: command.data }]),
  evolve: (state, event) => (event.type === 'TariffSet' ? { tariff: event.data.tariff } : state),
  initialState: () => ({ tariff: REFERENCE_TARIFF }),
};

export const tariffStream = (rideType: string) => `tariff-${rideType}`;
