import { type DomainEvent, assertNever } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { type Coordinates, distanceInMetres } from '../shared/geo.js';
import { type DispatchState, notAssigned, stillLive } from './dispatch-state.js';

/**
 * Arrival — the driver says they are at the pickup, and the passenger hears "your taxi has
 * arrived". Whether the driver is there is judged on their last known position, looked up by the
 * use case and carried in the command; the same rule lets a ride start without an arrival when the
 * driver is at the pickup anyway.
 */
export type DriverArrived = DomainEvent<'DriverArrived', { callId: string; driverId: string; arrivedAt: string }>;

/** Where the driver last was (null: never known), where the passenger waits, and how near counts as there. */
export type Proximity = { driverAt: Coordinates | null; pickup: Coordinates; withinMetres: number };

export type ArriveAtPickup = { type: 'ArriveAtPickup'; data: DriverArrived['data']; proximity: Proximity };

/** Refuses with NOT_AT_PICKUP unless the driver's last known position is within reach of the pickup. */
export const requireAtPickup = (callId: string, { driverAt, pickup, withinMetres }: Proximity): void => {
  const distanceMetres = driverAt ? Math.round(distanceInMetres(driverAt, pickup)) : null;
  if (distanceMetres !== null && distanceMetres <= withinMetres) return;
  throw new DomainError(
    'NOT_AT_PICKUP',
    distanceMetres === null
      ? 'Your position is not known yet; send a location ping at the pickup'
      : `You are ${distanceMetres} m from the pickup; come within ${withinMetres} m`,
    { callId, distanceMetres, withinMetres },
  );
};

export const arrive = (command: ArriveAtPickup, state: DispatchState): DriverArrived[] => {
  const { callId, driverId } = command.data;
  const live = stillLive(callId, state);
  switch (live.status) {
    case 'open':
      throw new DomainError('CALL_NOT_DISPATCHED', 'No driver has accepted this call yet', { callId });
    case 'accepted':
      if (live.driverId !== driverId) throw notAssigned(callId);
      if (live.arrivedAt) return []; // said once is enough: a repeat keeps the first time
      requireAtPickup(callId, command.proximity);
      return [{ type: 'DriverArrived', data: command.data }];
    case 'completed':
      if (live.driverId !== driverId) throw notAssigned(callId);
      throw new DomainError('RIDE_ALREADY_STARTED', 'The ride has already started', { callId });
    default:
      return assertNever(live);
  }
};

export const evolveArrival = (state: DispatchState, event: DriverArrived): DispatchState =>
  state.status === 'accepted' && state.driverId === event.data.driverId && !state.arrivedAt ? { ...state, arrivedAt: event.data.arrivedAt } : state;
