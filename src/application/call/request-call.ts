import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import type { CallRequest } from '../../domain/call/call.js';
import { send } from '../aggregates.js';
import { type Caller, contextFor } from '../context.js';
import type { RideDependencies } from '../ride-dependencies.js';

/** A fixed namespace so that (passenger, Idempotency-Key) always names the same call. */
const IDEMPOTENCY_NAMESPACE = '6f1c3a52-8d0e-4c5b-9a57-2b1f0e7d4c11';

export type RequestCallInput = Omit<CallRequest, 'callId'> & { idempotencyKey?: string };

/**
 * Requesting a taxi is one append to a new stream, so it works 24/7 whatever else is down.
 * With an Idempotency-Key the call id is derived from it: a retried request lands on the same
 * stream and the decider answers "nothing new", so the client gets the same call back.
 */
export const requestCall = async ({ commands, clock }: RideDependencies, input: RequestCallInput, caller: Caller) => {
  const { idempotencyKey, ...request } = input;
  const callId = idempotencyKey ? uuidv5(`${request.passengerId}\u0000${idempotencyKey}`, IDEMPOTENCY_NAMESPACE) : randomUUID();
  const now = clock.now();
  const result = await send(
    commands,
    { aggregate: 'call', id: callId, command: { type: 'RequestCall', data: { callId, ...request, requestedAt: now.toISOString() } } },
    contextFor(caller, callId, now),
  );
  return { callId, replayed: result.events.length === 0, ...result };
};
