import { randomUUID } from 'node:crypto';
import { driverDecider, driverStream, type DriverState } from '../../domain/driver/driver.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import type { Coordinates } from '../../domain/shared/geo.js';
import { send } from '../aggregates.js';
import type { CommandHandler } from '../command-handler.js';
import { type Caller, contextFor } from '../context.js';
import type { Clock } from '../ports/clock.js';
import type { DriverPosition, DriverPositions } from '../ports/driver-positions.js';

export type RegisterDriverInput = { name: string; vehicleNo: string; rideTypes: string[] };

/**
 * Where going online also records the driver's position, next to the pings: the last known position
 * (the newer of the two) is then one lookup, and an old ping never outranks a newer going online.
 */
export type GoingOnlinePositions = {
  positions: DriverPositions;
  logger: { warn: (details: object, message: string) => void };
};

/** Driver availability: registration and going online / offline. */
export class DriverService {
  constructor(
    private readonly commands: CommandHandler,
    private readonly clock: Clock,
    private readonly lastPositions?: GoingOnlinePositions,
  ) {}

  /** An operator onboards a driver (a new id), or a driver registers under their own id. */
  async register(input: RegisterDriverInput, caller: Caller, driverId: string = randomUUID()) {
    const now = this.clock.now();
    const result = await send(
      this.commands,
      { aggregate: 'driver', id: driverId, command: { type: 'RegisterDriver', data: { driverId, ...input, registeredAt: now.toISOString() } } },
      contextFor(caller, driverId, now),
    );
    return { driverId, ...result };
  }

  async goOnline(driverId: string, location: Coordinates, caller: Caller) {
    const now = this.clock.now();
    const result = await send(
      this.commands,
      { aggregate: 'driver', id: driverId, command: { type: 'GoOnline', data: { driverId, location, at: now.toISOString() } } },
      contextFor(caller, driverId, now),
    );
    for (const event of result.events) if (event.type === 'DriverWentOnline') await this.recordPosition(event.data);
    return result;
  }

  async goOffline(driverId: string, caller: Caller) {
    const now = this.clock.now();
    return send(this.commands, { aggregate: 'driver', id: driverId, command: { type: 'GoOffline', data: { driverId, at: now.toISOString() } } }, contextFor(caller, driverId, now));
  }

  /**
   * Best effort, after the event is appended, so a failed save is only logged: the log still holds
   * the position (what readers fall back to when the store has none), and the driver's next ping
   * replaces whatever the store has within seconds.
   */
  private async recordPosition(position: DriverPosition): Promise<void> {
    if (!this.lastPositions) return;
    try {
      await this.lastPositions.positions.save(position);
    } catch (error) {
      this.lastPositions.logger.warn({ err: error, driverId: position.driverId }, 'position of going online not saved; its event still has it');
    }
  }

  /** The driver's current state; DRIVER_NOT_FOUND when never registered. */
  async get(driverId: string): Promise<Exclude<DriverState, { status: 'unregistered' }>> {
    const { state } = await this.commands.load(driverDecider, driverStream(driverId));
    if (state.status === 'unregistered') throw new DomainError('DRIVER_NOT_FOUND', `Driver ${driverId} does not exist`, { driverId });
    return state;
  }
}
