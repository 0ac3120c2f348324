import type { CancelledBy } from '../../domain/call/call.js';
import type { DispatchCancelled } from '../../domain/dispatch/dispatch.js';
import { DomainError, isDomainError } from '../../domain/shared/domain-error.js';
import { drivingDecider, drivingStream } from '../../domain/driving/driving.js';
import { paymentIdFor } from '../../domain/payment/payment.js';
import type { CommandHandler } from '../command-handler.js';
import { send } from '../aggregates.js';
import { loadCall } from '../call/load-call.js';
import { type Caller, contextFor } from '../context.js';
import { noteRidePayment } from '../passenger/note-ride-payment.js';
import type { RideDependencies } from '../ride-dependencies.js';

/**
 * Dispatch knows the ride started, not that it finished: a refused cancel of a finished ride
 * says so (RIDE_ALREADY_FINISHED), from the ride's own stream.
 */
const rideFinished = async (commands: CommandHandler, error: unknown): Promise<boolean> => {
  if (!isDomainError(error) || error.code !== 'RIDE_ALREADY_STARTED') return false;
  const callId = error.details?.callId;
  if (typeof callId !== 'string') return false;
  const { state } = await commands.load(drivingDecider, drivingStream(callId));
  return state.status === 'finished';
};

/**
 * Cancelling is decided on the dispatch stream, the same one the start of the ride appends to,
 * so "cancel until the ride starts" holds under any interleaving. The driver is released and the
 * call marked cancelled right away (the driver may take the next call at once); the acceptance
 * process manager repeats both idempotently should this process die in between.
 */
export const cancelCall = async (
  { commands, clock }: RideDependencies,
  input: { callId: string; reason: string | null; cancelledBy: CancelledBy },
  caller: Caller,
) => {
  const { callId } = input;
  const call = await loadCall(commands, callId);
  // Another passenger's call answers like a missing one, so ids cannot be probed.
  if (caller.actor.role === 'passenger' && caller.actor.id !== call.request.passengerId) {
    throw new DomainError('CALL_NOT_FOUND', `Call ${callId} does not exist`, { callId });
  }
  const now = clock.now();
  const context = contextFor(caller, callId, now);
  const cancelledAt = now.toISOString();
  const dispatch = await send(
    commands,
    { aggregate: 'dispatch', id: callId, command: { type: 'CancelDispatch', data: { ...input, cancelledAt } } },
    context,
  ).catch(async (error: unknown) => {
    throw (await rideFinished(commands, error))
      ? new DomainError('RIDE_ALREADY_FINISHED', 'The ride has finished and can no longer be cancelled', { callId })
      : error;
  });
  const cancelled = dispatch.events[0] as DispatchCancelled | undefined;
  if (cancelled?.data.driverId) {
    const driverId = cancelled.data.driverId;
    await send(
      commands,
      {
        aggregate: 'driver',
        id: driverId,
        command: { type: 'ReleaseDriver', data: { driverId, callId, reason: 'CALL_CANCELLED', at: cancelledAt, cancelledBy: input.cancelledBy } },
      },
      context,
    );
  }
  const result = await send(commands, { aggregate: 'call', id: callId, command: { type: 'CancelCall', data: { ...input, cancelledAt } } }, context);
  // Only an operator can cancel a finished ride, and then the passenger owes nothing for it at once.
  if (input.cancelledBy === 'operator') await noteRidePayment(commands, paymentIdFor(callId), context);
  return result;
};
