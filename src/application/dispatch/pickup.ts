import type { Proximity } from '../../domain/dispatch/dispatch.js';
import type { Coordinates } from '../../domain/shared/geo.js';
import type { DriverPositions } from '../ports/driver-positions.js';

/** What judging "at the pickup" needs: the drivers' last known positions and how near counts. */
export type PickupCheck = { positions: Pick<DriverPositions, 'positionOf'>; arriveWithinMetres: number };

/** The driver's last known position against the pickup, looked up once, for the decider to judge. */
export const proximityOf = async ({ positions, arriveWithinMetres }: PickupCheck, driverId: string, pickup: Coordinates): Promise<Proximity> => {
  const position = await positions.positionOf(driverId);
  return { driverAt: position?.location ?? null, pickup: { lat: pickup.lat, lng: pickup.lng }, withinMetres: arriveWithinMetres };
};
