import { callDecider, callStream, type CallState } from '../../domain/call/call.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import type { CommandHandler } from '../command-handler.js';

export type ExistingCall = Exclude<CallState, { status: 'none' }>;

export const callNotFound = (callId: string) => new DomainError('CALL_NOT_FOUND', `Call ${callId} does not exist`, { callId });

/** The call's write-side state, for a use case that must check it exists before deciding. */
export const loadCall = async (commands: CommandHandler, callId: string): Promise<ExistingCall> => {
  const { state } = await commands.load(callDecider, callStream(callId));
  if (state.status === 'none') throw callNotFound(callId);
  return state;
};
