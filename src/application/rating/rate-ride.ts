import { send } from '../aggregates.js';
import { drivingDecider, drivingStream } from '../../domain/driving/driving.js';
import type { Caller } from '../context.js';
import { type RideDependencies, stepOn } from '../ride-dependencies.js';

/**
 * The passenger's stars for a ride. Somebody else's call answers like a missing one (`stepOn`). The finish
 * time is read from the ride and decided on with the rating, so "within 24 hours" is the ride's.
 */
export const rateRide = async (deps: RideDependencies, callId: string, passengerId: string, stars: number, caller: Caller) => {
  const { at, context } = await stepOn(deps, callId, caller);
  const { state: ride } = await deps.commands.load(drivingDecider, drivingStream(callId));
  const finishedAt = ride.status === 'finished' ? ride.finishedAt : null;
  const driverId = ride.status === 'notStarted' ? '' : ride.driverId;
  const rate = { type: 'RateRide' as const, data: { callId, passengerId, driverId, stars, ratedAt: at, finishedAt } };
  return send(deps.commands, { aggregate: 'rating', id: callId, command: rate }, context);
};
