import type { Tariff } from '../../domain/driving/fare.js';
import { tariffDecider, tariffStream } from '../../domain/tariff/tariff.js';
import { send } from '../aggregates.js';
import type { CommandHandler } from '../command-handler.js';
import { type Caller, contextFor } from '../context.js';
import type { RideDependencies } from '../ride-dependencies.js';

/** The tariff in force for a ride type: the reference tariff until an operator sets another. */
export const tariffFor = async (commands: CommandHandler, rideType: string): Promise<Tariff> =>
  (await commands.load(tariffDecider, tariffStream(rideType))).state.tariff;

export const setTariff = async ({ commands, clock }: RideDependencies, { rideType, tariff }: { rideType: string; tariff: Tariff }, caller: Caller) => {
  const now = clock.now();
  return send(
    commands,
    { aggregate: 'tariff', id: rideType, command: { type: 'SetTariff', data: { rideType, tariff, setAt: now.toISOString() } } },
    contextFor(caller, `tariff-${rideType}`, now),
  );
};
