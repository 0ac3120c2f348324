import { type CancelledBy, callDecider, callStream } from '../../domain/call/call.js';
import { DomainError, isDomainError } from '../../domain/shared/domain-error.js';
import { drivingDecider, drivingStream } from '../../domain/driving/driving.js';
import { paymentIdFor } from '../../domain/payment/payment.js';
import type { CommandHandler } from '../command-handler.js';
import { send } from '../aggregates.js';
import type { Caller } from '../context.js';
import { noteRidePayment } from '../passenger/note-ride-payment.js';
import { followUp, type RideDependencies, stepOn } from '../ride-dependencies.js';

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
 * call marked cancelled right away (the driver may take the next call at once), as the ride
 * lifecycle would from DispatchCancelled.
 */
export const cancelCall = async (
  deps: RideDependencies,
  input: { callId: string; reason: string | null; cancelledBy: CancelledBy },
  caller: Caller,
) => {
  const { commands } = deps;
  const { callId } = input;
  const { at, context } = await stepOn(deps, callId, caller);
  const cancelled = await send(
    commands,
    { aggregate: 'dispatch', id: callId, command: { type: 'CancelDispatch', data: { ...input, cancelledAt: at } } },
    context,
  ).catch(async (error: unknown) => {
    throw (await rideFinished(commands, error))
      ? new DomainError('RIDE_ALREADY_FINISHED', 'The ride has finished and can no longer be cancelled', { callId })
      : error;
  });
  await followUp(commands, cancelled.events, context);
  // Only an operator can cancel a finished ride, and then the passenger owes nothing for it at once.
  if (input.cancelledBy === 'operator') await noteRidePayment(commands, paymentIdFor(callId), context);
  // The answer says where the call stands, whether this request or an earlier one cancelled it.
  return commands.load(callDecider, callStream(callId));
};
