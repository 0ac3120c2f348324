import { driverDecider, driverStream } from '../../domain/driver/driver.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import type { Coordinates } from '../../domain/shared/geo.js';
import type { CommandHandler } from '../command-handler.js';
import type { Clock } from '../ports/clock.js';
import type { DriverPosition, DriverPositions } from '../ports/driver-positions.js';
import type { RideTracks } from '../ports/ride-tracks.js';

export type ReportLocationDependencies = {
  commands: CommandHandler;
  clock: Clock;
  positions: DriverPositions;
  /** Every ping is kept a few hours too, so the finish can measure the ride. */
  tracks?: Pick<RideTracks, 'record'>;
  /**
   * A cheap "this driver is online" answer from memory, when this process follows the driver
   * streams. Only a yes is trusted; anything else is checked on the driver's stream.
   */
  knownOnline?: (driverId: string) => boolean;
};

/**
 * A driver's position ping. Pings are frequent and only the newest matters, so they are not
 * events: they overwrite the last known position. Only a registered, online driver reports one.
 * `at` is when the app measured it (the driver channel may say); never later than now, so a
 * wrong phone clock cannot pin a position in the future that would outrank every later ping.
 */
export const reportLocation = async (
  deps: ReportLocationDependencies,
  driverId: string,
  location: Coordinates,
  at?: Date,
): Promise<DriverPosition> => {
  if (!deps.knownOnline?.(driverId)) {
    const { state } = await deps.commands.load(driverDecider, driverStream(driverId));
    if (state.status === 'unregistered') throw new DomainError('DRIVER_NOT_FOUND', `Driver ${driverId} does not exist`, { driverId });
    if (state.status === 'offline') throw new DomainError('DRIVER_OFFLINE', 'Go online before reporting a location', { driverId });
  }
  const now = deps.clock.now();
  const position = { driverId, location, at: (at && at < now ? at : now).toISOString() };
  await Promise.all([deps.positions.save(position), deps.tracks?.record(position)]);
  return position;
};
