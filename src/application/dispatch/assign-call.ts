import { type AssignCall, dispatchDecider, dispatchStream } from '../../domain/dispatch/dispatch.js';
import { isDomainError } from '../../domain/shared/domain-error.js';
import { send } from '../aggregates.js';
import { loadCall } from '../call/load-call.js';
import { type Caller, contextFor } from '../context.js';
import type { DriverPositions } from '../ports/driver-positions.js';
import type { RideDependencies } from '../ride-dependencies.js';
import { loadDriver } from '../driver/driver-service.js';

/** How an operator's choice of driver is checked for presence: the last ping, and how old is too old. */
export type PresenceCheck = { positions: Pick<DriverPositions, 'positionOf'>; staleAfterMs: number };

export type AssignCallInput = { callId: string; driverId: string; reason?: string | undefined };

/**
 * An operator dispatches a call to a chosen driver, or takes a dispatched call from its driver and
 * gives it to another. Like an accept, the chosen driver is reserved on their own stream first
 * (busy, offline, away, wrong ride type are refused there) and the dispatch stream decides; the
 * previous driver is then released and the call names its new driver. The ride lifecycle repeats
 * those two steps from the log should this process die in between.
 */
export const assignCall = async (deps: RideDependencies & { presence: PresenceCheck }, input: AssignCallInput, caller: Caller) => {
  const { commands, clock } = deps;
  const { callId, driverId, reason } = input;
  const call = await loadCall(commands, callId);
  const [dispatch, driver, position] = await Promise.all([
    commands.load(dispatchDecider, dispatchStream(callId)),
    loadDriver(commands, driverId),
    deps.presence.positions.positionOf(driverId),
  ]);
  const now = clock.now();
  const context = contextFor(caller, callId, now);
  const at = now.toISOString();
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
  const replaced = assigned.events.find((event) => event.type === 'DispatchReleased');
  if (replaced) {
    const previous = replaced.data.driverId;
    const release = { type: 'ReleaseDriver' as const, data: { driverId: previous, callId, reason: 'REASSIGNED' as const, at } };
    await send(commands, { aggregate: 'driver', id: previous, command: release }, context);
  }
  const dispatched = { callId, driverId, vehicleNo, dispatchedAt: at, ...(replaced ? { replaces: replaced.data.driverId } : {}) };
  await send(commands, { aggregate: 'call', id: callId, command: { type: 'MarkCallDispatched', data: dispatched } }, context);
  return assigned;
};
