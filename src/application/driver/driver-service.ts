import { randomUUID } from 'node:crypto';
import { driverDecider, driverStream, type DriverState } from '../../domain/driver/driver.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import type { Coordinates } from '../../domain/shared/geo.js';
import type { CommandHandler } from '../command-handler.js';
import { type Caller, contextFor } from '../context.js';
import type { Clock } from '../ports/clock.js';

export type RegisterDriverInput = { name: string; vehicleNo: string; rideTypes: string[] };

/** Driver availability: registration and going online / offline. */
export class DriverService {
  constructor(
    private readonly commands: CommandHandler,
    private readonly clock: Clock,
  ) {}

  /** An operator onboards a driver (a new id), or a driver registers under their own id. */
  async register(input: RegisterDriverInput, caller: Caller, driverId: string = randomUUID()) {
    const now = this.clock.now();
    const result = await this.commands.handle(
      driverDecider,
      driverStream(driverId),
      { type: 'RegisterDriver', data: { driverId, ...input, registeredAt: now.toISOString() } },
      contextFor(caller, driverId, now),
    );
    return { driverId, ...result };
  }

  async goOnline(driverId: string, location: Coordinates, caller: Caller) {
    const now = this.clock.now();
    return this.commands.handle(
      driverDecider,
      driverStream(driverId),
      { type: 'GoOnline', data: { driverId, location, at: now.toISOString() } },
      contextFor(caller, driverId, now),
    );
  }

  async goOffline(driverId: string, caller: Caller) {
    const now = this.clock.now();
    return this.commands.handle(
      driverDecider,
      driverStream(driverId),
      { type: 'GoOffline', data: { driverId, at: now.toISOString() } },
      contextFor(caller, driverId, now),
    );
  }

  /** The driver's current state; DRIVER_NOT_FOUND when never registered. */
  async get(driverId: string): Promise<Exclude<DriverState, { status: 'unregistered' }>> {
    const { state } = await this.commands.load(driverDecider, driverStream(driverId));
    if (state.status === 'unregistered') throw new DomainError('DRIVER_NOT_FOUND', `Driver ${driverId} does not exist`, { driverId });
    return state;
  }
}
