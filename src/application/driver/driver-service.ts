import { randomUUID } from 'node:crypto';
import { driverDecider, driverStream, type DriverState } from '../../domain/driver/driver.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import type { Coordinates } from '../../domain/shared/geo.js';
import { send } from '../aggregates.js';
import type { CommandHandler } from '../command-handler.js';
import { type Caller, contextFor } from '../context.js';
import type { DriverPosition, DriverPositions } from '../ports/driver-positions.js';
import type { RideDependencies } from '../ride-dependencies.js';

/** Driver availability as use cases of the one shape `(deps, input, caller)`: registration and going online / offline. */
export type RegisterDriverInput = { name: string; vehicleNo: string; rideTypes: string[]; driverId?: string };

/**
 * Where going online also records the driver's position, next to the pings: the last known position
 * (the newer of the two) is then one lookup, and an old ping never outranks a newer going online.
 */
export type GoingOnlinePositions = {
  positions: DriverPositions;
  logger: { warn: (details: object, message: string) => void };
};

export type DriverDependencies = RideDependencies & { lastPositions?: GoingOnlinePositions };

/** An operator onboards a driver (a new id), or a driver registers under their own id. */
export const registerDriver = async ({ commands, clock }: DriverDependencies, input: RegisterDriverInput, caller: Caller) => {
  const { driverId = randomUUID(), ...profile } = input;
  const now = clock.now();
  const result = await send(
    commands,
    { aggregate: 'driver', id: driverId, command: { type: 'RegisterDriver', data: { driverId, ...profile, registeredAt: now.toISOString() } } },
    contextFor(caller, driverId, now),
  );
  return { driverId, ...result };
};

export const goOnline = async (deps: DriverDependencies, { driverId, location }: { driverId: string; location: Coordinates }, caller: Caller) => {
  const now = deps.clock.now();
  const result = await send(
    deps.commands,
    { aggregate: 'driver', id: driverId, command: { type: 'GoOnline', data: { driverId, location, at: now.toISOString() } } },
    contextFor(caller, driverId, now),
  );
  for (const event of result.events) if (event.type === 'DriverWentOnline') await recordPosition(deps, event.data);
  return result;
};

export const goOffline = async ({ commands, clock }: DriverDependencies, { driverId }: { driverId: string }, caller: Caller) => {
  const now = clock.now();
  return send(
    commands,
    { aggregate: 'driver', id: driverId, command: { type: 'GoOffline', data: { driverId, at: now.toISOString() } } },
    contextFor(caller, driverId, now),
  );
};

/**
 * Best effort, after the event is appended, so a failed save is only logged: the log still holds
 * the position (what readers fall back to when the store has none), and the driver's next ping
 * replaces whatever the store has within seconds.
 */
const recordPosition = async ({ lastPositions }: DriverDependencies, position: DriverPosition): Promise<void> => {
  if (!lastPositions) return;
  try {
    await lastPositions.positions.save(position);
  } catch (error) {
    lastPositions.logger.warn({ err: error, driverId: position.driverId }, 'position of going online not saved; its event still has it');
  }
};

/** The driver's current state; DRIVER_NOT_FOUND when never registered. */
export const loadDriver = async (commands: CommandHandler, driverId: string): Promise<Exclude<DriverState, { status: 'unregistered' }>> => {
  const { state } = await commands.load(driverDecider, driverStream(driverId));
  if (state.status === 'unregistered') throw new DomainError('DRIVER_NOT_FOUND', `Driver ${driverId} does not exist`, { driverId });
  return state;
};
