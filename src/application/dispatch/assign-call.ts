import { type AssignCall, dispatchDecider, dispatchStream } from '../../domain/dispatch/dispatch.js';
import { isDomainError } from '../../domain/shared/domain-error.js';
import { send } from '../aggregates.js';
import type { Caller } from '../context.js';
import type { DriverPositions } from '../ports/driver-positions.js';
import { followUp, type RideDependencies, stepOn } from '../ride-dependencies.js';
import { loadDriver } from '../driver/driver-service.js';

/** How an operator's choice of driver is checked for presence: the last ping, and how old is too old. */
export type PresenceCheck = { positions: Pick<DriverPositions, 'positionOf'>; staleAfterMs: number };

export type AssignCallInput = { callId: string; driverId: string; reason?: string | undefined };

/**
 * An operator dispatches a call to a chosen driver, or takes a dispatched call from its driver and
 * gives it to another. Like an accept, the chosen driver is reserved on their own stream first
 * (busy, offline, away, wrong ride type are refused there) and the dispatch stream decides; the
 * previous driver is then released and the call names its new driver, as the ride lifecycle
 * would from the dispatch's events.
 */
export const assignCall = async (deps: RideDependencies & { presence: PresenceCheck }, input: AssignCallInput, caller: Caller) => {
  const { commands } = deps;
  const { callId, driverId, reason } = input;
  const { call, at, context } = await stepOn(deps, callId, caller);
  const [dispatch, driver, position] = await Promise.all([
    commands.load(dispatchDecider, dispatchStream(callId)),
    loadDriver(commands, driverId),
    deps.presence.positions.positionOf(driverId),
  ]);
  const { name: driverName, vehicleNo } = driver.profile;
  const assign: AssignCall = {
    type: 'AssignCall',
    data: { callId, driverId, driverName, vehicleNo, acceptedAt: at, ...(reason ? { reason } : {}) },
  };
  // Refused for the call's state before anything is written; an assignment already made is answered again.
  if (dispatchDecider.decide(assign, dispatch.state).length === 0)
    return send(commands, { aggregate: 'dispatch', id: callId, command: assign }, context);
  const presence = { lastSeenAt: position?.at ?? null, staleAfterMs: deps.presence.staleAfterMs };
  const reserved = await send(
    commands,
    {
      aggregate: 'driver',
      id: driverId,
      command: { type: 'AssignDriver', data: { driverId, callId, at }, rideType: call.request.rideType, presence },
    },
    context,
  );
  const assigned = await send(commands, { aggregate: 'dispatch', id: callId, command: assign }, context).catch(async (error: unknown) => {
    if (reserved.events.length > 0 && isDomainError(error)) {
      const release = { type: 'ReleaseDriver' as const, data: { driverId, callId, reason: 'ACCEPT_LOST' as const, at } };
      await send(commands, { aggregate: 'driver', id: driverId, command: release }, context);
    }
    throw error;
  });
  // The previous driver freed, the call naming its new driver.
  await followUp(commands, assigned.events, context);
  return assigned;
};
