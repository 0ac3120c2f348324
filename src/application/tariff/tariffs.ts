import { send } from '../aggregates.js';
import { estimateFare } from '../../domain/driving/fare-estimate.js';
import type { Tariff } from '../../domain/driving/fare.js';
import type { Coordinates } from '../../domain/shared/geo.js';
import { type TariffCommand, tariffDecider, type TariffState, tariffStream } from '../../domain/tariff/tariff.js';
import type { CommandHandler } from '../command-handler.js';
import { type Caller, contextFor } from '../context.js';
import type { Clock } from '../ports/clock.js';

/** The tariff in force for a ride type: the reference tariff until an operator sets another. */
export const tariffFor = async (commands: CommandHandler, rideType: string): Promise<Tariff> =>
  (await commands.load(tariffDecider, tariffStream(rideType))).state.tariff;

/** Tariff, version, since when and whether the ride type is on sale. */
export const tariffStateFor = async (commands: CommandHandler, rideType: string): Promise<TariffState> =>
  (await commands.load(tariffDecider, tariffStream(rideType))).state;

const onTariff = async (commands: CommandHandler, clock: Clock, rideType: string, command: (at: string) => TariffCommand, caller: Caller) => {
  const now = clock.now();
  return send(commands, { aggregate: 'tariff', id: rideType, command: command(now.toISOString()) }, contextFor(caller, `tariff-${rideType}`, now));
};

export const setTariff = (commands: CommandHandler, clock: Clock, rideType: string, tariff: Tariff, caller: Caller) =>
  onTariff(commands, clock, rideType, (setAt) => ({ type: 'SetTariff', data: { rideType, tariff, setAt } }), caller);

/** "Sold out": new requests of the ride type are refused; calls already requested go on. */
export const suspendRideType = (commands: CommandHandler, clock: Clock, rideType: string, reason: string | null, caller: Caller) =>
  onTariff(commands, clock, rideType, (suspendedAt) => ({ type: 'SuspendRideType', data: { rideType, reason, suspendedAt } }), caller);

export const resumeRideType = (commands: CommandHandler, clock: Clock, rideType: string, caller: Caller) =>
  onTariff(commands, clock, rideType, (resumedAt) => ({ type: 'ResumeRideType', data: { rideType, resumedAt } }), caller);

/** What a ride would cost if requested now: the quote a request would record. */
export const estimateRide = async (
  commands: CommandHandler,
  clock: Clock,
  timeZone: string,
  input: { rideType: string; pickup: Coordinates; destination: Coordinates },
) => {
  const state = await tariffStateFor(commands, input.rideType);
  return {
    ...estimateFare(state.tariff, input.pickup, input.destination, clock.now().toISOString(), timeZone),
    tariffVersion: state.version,
    available: state.available,
  };
};
