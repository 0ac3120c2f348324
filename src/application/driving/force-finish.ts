import { drivingDecider, drivingStream } from '../../domain/driving/driving.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import type { Caller } from '../context.js';
import type { RideDependencies } from '../ride-dependencies.js';
import { finishRide, type MeterDependencies, type SettlePayment } from './finish-ride.js';

export type ForceFinishInput = { callId: string; reason: string; fare?: { amount: number } | undefined };

/**
 * The dispatch centre finishes a ride its driver cannot (a dead phone, a forgotten finish): the
 * same finish as the driver's — the fare from the track and the tariff fixed at the request, or
 * the amount the operator enters, then payment as usual and the driver freed — with the reason
 * recorded on the ride and the operator as the actor. Only a ride under way (DRIVING) is finished so.
 */
export const forceFinish = async (
  deps: RideDependencies & { settlePayment: SettlePayment; meter?: MeterDependencies },
  { callId, reason, fare }: ForceFinishInput,
  caller: Caller,
) => {
  const { state: ride } = await deps.commands.load(drivingDecider, drivingStream(callId));
  if (ride.status === 'notStarted') throw new DomainError('RIDE_NOT_STARTED', 'Only a ride under way can be force-finished', { callId });
  if (ride.status === 'finished') throw new DomainError('RIDE_ALREADY_FINISHED', 'This ride has already finished', { callId });
  const forced = { reason, ...(fare ? { amount: fare.amount } : {}) };
  return finishRide(deps, { callId, driverId: ride.driverId, forced }, caller);
};
