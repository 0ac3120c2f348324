import { send } from '../aggregates.js';
import { drivingDecider, drivingStream } from '../../domain/driving/driving.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { loadCall } from '../call/load-call.js';
import { type Caller, contextFor } from '../context.js';
import type { RideDependencies } from '../ride-dependencies.js';

/**
 * The passenger's stars for a ride. Somebody else's call answers like a missing one. The finish
 * time is read from the ride and decided on with the rating, so "within 24 hours" is the ride's.
 */
export const rateRide = async ({ commands, clock }: RideDependencies, callId: string, passengerId: string, stars: number, caller: Caller) => {
  const call = await loadCall(commands, callId);
  if (call.request.passengerId !== passengerId) throw new DomainError('CALL_NOT_FOUND', `Call ${callId} does not exist`, { callId });
  const { state: ride } = await commands.load(drivingDecider, drivingStream(callId));
  const finishedAt = ride.status === 'finished' ? ride.finishedAt : null;
  const driverId = ride.status === 'notStarted' ? '' : ride.driverId;
  const now = clock.now();
  return send(
    commands,
    {
      aggregate: 'rating',
      id: callId,
      command: { type: 'RateRide', data: { callId, passengerId, driverId, stars, ratedAt: now.toISOString(), finishedAt } },
    },
    contextFor(caller, callId, now),
  );
};
