import { send } from '../aggregates.js';
import { driverDecider, driverStream } from '../../domain/driver/driver.js';
import { passengerDecider, passengerStream } from '../../domain/passenger/passenger.js';
import type { PersonKind } from '../../domain/privacy/erasure.js';
import type { ContactPreferences, PreferenceChanges } from '../../domain/shared/contact-preferences.js';
import type { CommandHandler } from '../command-handler.js';
import { type Caller, contextFor } from '../context.js';
import type { Clock } from '../ports/clock.js';

export type PreferencesDependencies = { commands: CommandHandler; clock: Clock };

/** How a person is reached, as stored on their own stream (the write side: what a later message uses). */
export const preferencesOf = async (commands: CommandHandler, kind: PersonKind, personId: string): Promise<ContactPreferences | null> => {
  if (kind === 'passenger') return (await commands.load(passengerDecider, passengerStream(personId))).state.preferences;
  const { state } = await commands.load(driverDecider, driverStream(personId));
  return state.status === 'unregistered' ? null : state.preferences;
};

/**
 * A person (or an operator for them) changes how they are reached; the answer is what is stored
 * after the change, fields not mentioned kept. A driver must be registered (DRIVER_NOT_FOUND).
 */
export const setPreferences = async (
  deps: PreferencesDependencies,
  kind: PersonKind,
  personId: string,
  changes: PreferenceChanges,
  caller: Caller,
): Promise<ContactPreferences & { position: number }> => {
  const now = deps.clock.now();
  const setAt = now.toISOString();
  const context = contextFor(caller, `${kind}-${personId}`, now);
  const result =
    kind === 'passenger'
      ? await send(
          deps.commands,
          { aggregate: 'passenger', id: personId, command: { type: 'SetPassengerPreferences', data: { passengerId: personId, changes, setAt } } },
          context,
        )
      : await send(
          deps.commands,
          { aggregate: 'driver', id: personId, command: { type: 'SetDriverPreferences', data: { driverId: personId, changes, setAt } } },
          context,
        );
  const stored = await preferencesOf(deps.commands, kind, personId);
  return { ...stored!, position: result.position };
};
