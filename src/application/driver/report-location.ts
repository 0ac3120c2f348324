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
  tracks?: Pick<RideTracks, 'record' | 'recordAll'>;
  /**
   * A cheap "this driver is online" answer from memory, when this process follows the driver
   * streams. Only a yes is trusted; anything else is checked on the driver's stream.
   */
  knownOnline?: (driverId: string) => boolean;
};

/** Only a registered, online driver reports a position; a yes from memory spares reading their stream. */
const checkOnline = async (deps: ReportLocationDependencies, driverId: string): Promise<void> => {
  if (deps.knownOnline?.(driverId)) return;
  const { state } = await deps.commands.load(driverDecider, driverStream(driverId));
  if (state.status === 'unregistered') throw new DomainError('DRIVER_NOT_FOUND', `Driver ${driverId} does not exist`, { driverId });
  if (state.status === 'offline') throw new DomainError('DRIVER_OFFLINE', 'Go online before reporting a location', { driverId });
};

/** `at` is when the app measured it; never later than now, so a wrong phone clock cannot pin a position in the future that would outrank every later ping. */
const positionAt = (driverId: string, location: Coordinates, at: Date | undefined, now: Date): DriverPosition => ({
  driverId,
  location,
  at: (at && at < now ? at : now).toISOString(),
});

/**
 * A driver's position ping. Pings are frequent and only the newest matters, so they are not
 * events: they overwrite the last known position. Only a registered, online driver reports one.
 */
export const reportLocation = async (
  deps: ReportLocationDependencies,
  driverId: string,
  location: Coordinates,
  at?: Date,
): Promise<DriverPosition> => {
  await checkOnline(deps, driverId);
  const position = positionAt(driverId, location, at, deps.clock.now());
  await Promise.all([deps.positions.save(position), deps.tracks?.record(position)]);
  return position;
};

export type Ping = { driverId: string; location: Coordinates; at?: Date };

/**
 * Many pings at once, as the driver channel gathers them: the same rule as `reportLocation` for
 * each, then one write of the positions and one of the track points for all. Answers each ping's
 * stored position, or why it was refused, in the order given.
 */
export const reportLocations = async (deps: ReportLocationDependencies, pings: readonly Ping[]): Promise<Array<DriverPosition | Error>> => {
  const refusals = new Map<number, Error>();
  // Drivers this process does not know to be online are checked on their streams, all at once.
  const checks: Array<Promise<unknown>> = [];
  pings.forEach((ping, i) => {
    if (deps.knownOnline?.(ping.driverId)) return;
    checks.push(
      checkOnline(deps, ping.driverId).catch((error: unknown) => refusals.set(i, error instanceof Error ? error : new Error(String(error)))),
    );
  });
  await Promise.all(checks);
  const now = deps.clock.now();
  const answers = pings.map((ping, i) => refusals.get(i) ?? positionAt(ping.driverId, ping.location, ping.at, now));
  const positions = answers.filter((answer): answer is DriverPosition => !(answer instanceof Error));
  await Promise.all([deps.positions.saveAll(positions), deps.tracks?.recordAll(positions)]);
  return answers;
};
