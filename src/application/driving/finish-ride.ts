import { type DrivingEvent, drivingDecider, drivingStream } from '../../domain/driving/driving.js';
import type { Money } from '../../domain/driving/fare.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { paymentIdFor, type PaymentStatus } from '../../domain/payment/payment.js';
import { send } from '../aggregates.js';
import { loadCall } from '../call/load-call.js';
import type { CommandContext } from '../command-handler.js';
import { type Caller, contextFor } from '../context.js';
import type { RideDependencies, RideStep } from '../ride-dependencies.js';
import { tariffFor } from '../tariff/tariffs.js';

/** Charges a requested payment within the finish request's budget and says where it stands. */
export type SettlePayment = (paymentId: string, context: CommandContext) => Promise<PaymentStatus>;

/** The fare just priced; a repeated finish appends nothing, so then it is read from the ride. */
const fareOf = async ({ commands }: RideDependencies, callId: string, appended: DrivingEvent[]): Promise<Money> => {
  const finished = appended.find((event) => event.type === 'RideFinished');
  if (finished) return finished.data.fare;
  const { state: ride } = await commands.load(drivingDecider, drivingStream(callId));
  if (ride.status !== 'finished') throw new Error(`Ride ${callId} is not finished after FinishRide`);
  return ride.fare;
};

/**
 * At the destination: the ride stream prices the ride with the tariff in force, the driver is free
 * again at once, and the fare is charged synchronously within a short budget. A slow or broken
 * gateway never fails the finish: the payment is then PENDING and retried in the background.
 */
export const finishRide = async (
  deps: RideDependencies & { settlePayment: SettlePayment },
  { callId, driverId }: RideStep,
  caller: Caller,
) => {
  const { commands, clock } = deps;
  const call = await loadCall(commands, callId);
  // An operator may cancel a ride under way; the meter must not then produce a charge.
  if (call.status === 'cancelled') throw new DomainError('CALL_ALREADY_CANCELLED', 'This ride was cancelled', { callId });
  const tariff = await tariffFor(commands, call.request.rideType);
  const now = clock.now();
  const context = contextFor(caller, callId, now);
  const at = now.toISOString();
  const finished = await send(commands, { aggregate: 'driving', id: callId, command: { type: 'FinishRide', data: { callId, driverId, finishedAt: at, tariff } } }, context);

  const fare = await fareOf(deps, callId, finished.events);
  const paymentId = paymentIdFor(callId);
  // Two streams that do not depend on each other: one group commit for both, not two in turn.
  await Promise.all([
    send(commands, { aggregate: 'driver', id: driverId, command: { type: 'ReleaseDriver', data: { driverId, callId, reason: 'RIDE_FINISHED', at } } }, context),
    send(
      commands,
      {
        aggregate: 'payment',
        id: paymentId,
        command: { type: 'RequestPayment', data: { paymentId, callId, passengerId: call.request.passengerId, amount: fare, requestedAt: at } },
      },
      context,
    ),
  ]);
  const paymentStatus = await deps.settlePayment(paymentId, context);
  return { fare, payment: { paymentId, status: paymentStatus }, position: finished.position, revision: finished.revision };
};
