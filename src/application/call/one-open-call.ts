import { send } from '../aggregates.js';
import { callDecider, callStream } from '../../domain/call/call.js';
import { drivingDecider, drivingStream } from '../../domain/driving/driving.js';
import { passengerDecider, passengerStream, type PassengerState } from '../../domain/passenger/passenger.js';
import type { CommandContext, CommandHandler } from '../command-handler.js';

/**
 * A call claimed on the passenger stream whose request never landed (the process died between the
 * two appends) blocks the passenger this long at most.
 */
const UNFINISHED_CLAIM_MS = 10_000;

/** Whether the passenger's last call is still open, from its own streams (the write side). */
const isOpen = async (commands: CommandHandler, state: PassengerState, now: Date): Promise<boolean> => {
  const callId = state.lastCallId!;
  const { state: call } = await commands.load(callDecider, callStream(callId));
  switch (call.status) {
    case 'none':
      return now.getTime() - Date.parse(state.openedAt ?? '') < UNFINISHED_CLAIM_MS;
    case 'requested':
    case 'dispatched': {
      // The call hears of the acceptance and the finish a moment later (ride lifecycle); the ride
      // itself knows now.
      const { state: ride } = await commands.load(drivingDecider, drivingStream(callId));
      return ride.status !== 'finished';
    }
    case 'completed':
    case 'cancelled':
    case 'expired':
      return false;
    default: {
      const _exhaustive: never = call;
      return true;
    }
  }
};

/**
 * Claims the passenger's one open call for `callId`, or throws PASSENGER_HAS_OPEN_CALL. Decided on
 * the passenger stream, so of two concurrent requests by one passenger only one gets through.
 * Answers the language the passenger chose, read from the same stream (one read for both).
 */
export const claimOpenCall = async (commands: CommandHandler, passengerId: string, callId: string, now: Date, context: CommandContext) => {
  const stream = passengerStream(passengerId);
  const { state } = await commands.load(passengerDecider, stream);
  const checked = state.lastCallId && state.lastCallId !== callId ? { callId: state.lastCallId, open: await isOpen(commands, state, now) } : null;
  await send(
    commands,
    {
      aggregate: 'passenger',
      id: passengerId,
      command: { type: 'OpenPassengerCall', data: { passengerId, callId, openedAt: now.toISOString(), checked } },
    },
    context,
  );
  return { preferredLocale: state.preferences.locale };
};

/** The passenger's open call, if any, from their stream and the call's (the write side). */
export const openCallOfPassenger = async (commands: CommandHandler, passengerId: string, now: Date): Promise<string | null> => {
  const { state } = await commands.load(passengerDecider, passengerStream(passengerId));
  return state.lastCallId && (await isOpen(commands, state, now)) ? state.lastCallId : null;
};
