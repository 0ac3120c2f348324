import { type AcceptCall, dispatchDecider, dispatchStream } from '../../domain/dispatch/dispatch.js';
import { driverDecider, driverStream } from '../../domain/driver/driver.js';
import { DomainError, isDomainError } from '../../domain/shared/domain-error.js';
import { send } from '../aggregates.js';
import type { CommandContext, CommandHandler } from '../command-handler.js';
import type { Caller } from '../context.js';
import { type RideDependencies, type RideStep, stepOn } from '../ride-dependencies.js';

/**
 * A driver accepts a call. Two streams guard two rules, both with optimistic concurrency:
 * the driver's stream ("not on another ride") and the dispatch stream ("first accept wins").
 * The driver is reserved first; if the dispatch then refuses, the reservation is released again.
 * A reservation this request could not release (a crash, a store failure) is released by the
 * driver reservations process, which follows the log (processes/driver-reservations.ts).
 */
export const acceptCall = async (deps: RideDependencies, { callId, driverId }: RideStep, caller: Caller) => {
  const { commands } = deps;
  // Three independent reads, side by side: a request waits for the slowest, not for their sum.
  const [{ call, at, context }, dispatch, driver] = await Promise.all([
    stepOn(deps, callId, caller),
    commands.load(dispatchDecider, dispatchStream(callId)),
    commands.load(driverDecider, driverStream(driverId)),
  ]);
  const profile = driver.state.status === 'unregistered' ? null : driver.state.profile;
  const accept: AcceptCall = {
    type: 'AcceptCall',
    data: { callId, driverId, driverName: profile?.name ?? '', vehicleNo: profile?.vehicleNo ?? '', acceptedAt: at },
  };
  // Decided against the state just read before anything is written, so a request refused for the
  // call's state (cancelled, expired, taken) appends nothing and losers of a race hear
  // CALL_ALREADY_DISPATCHED. The append below still decides the race itself.
  const decided = dispatchDecider.decide(accept, dispatch.state);
  if (!profile) throw new DomainError('DRIVER_NOT_FOUND', `Driver ${driverId} does not exist`, { driverId });
  // The winner repeating an accept (a lost answer, a retry after the ride): nothing to reserve, and
  // reserving would leave the driver busy for a ride that may already be over.
  if (decided.length === 0) return send(commands, { aggregate: 'dispatch', id: callId, command: accept }, context);

  const reserved = await send(
    commands,
    { aggregate: 'driver', id: driverId, command: { type: 'AssignDriver', data: { driverId, callId, at }, rideType: call.request.rideType } },
    context,
  );
  try {
    return await send(commands, { aggregate: 'dispatch', id: callId, command: accept }, context);
  } catch (error) {
    if (reserved.events.length > 0) await releaseLostReservation(commands, callId, driverId, context, !isDomainError(error));
    throw error;
  }
};

/**
 * Best effort: when the store failed, the accept may still have been written, so the dispatch is
 * read again first and a driver it names is kept. Whatever fails here is left to the process.
 */
const releaseLostReservation = async (
  commands: CommandHandler,
  callId: string,
  driverId: string,
  context: CommandContext,
  outcomeUncertain: boolean,
) => {
  try {
    if (outcomeUncertain) {
      const { state } = await commands.load(dispatchDecider, dispatchStream(callId));
      if ((state.status === 'accepted' || state.status === 'completed') && state.driverId === driverId) return;
    }
    await send(
      commands,
      {
        aggregate: 'driver',
        id: driverId,
        command: { type: 'ReleaseDriver', data: { driverId, callId, reason: 'ACCEPT_LOST', at: context.timestamp } },
      },
      context,
    );
  } catch {
    // The driver reservations process releases the driver from the log.
  }
};
