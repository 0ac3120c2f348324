import { send } from '../aggregates.js';
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { callDecider, callStream, type CallQuote, type CallRequest } from '../../domain/call/call.js';
import { estimateFare } from '../../domain/driving/fare-estimate.js';
import { tariffDecider, tariffStream } from '../../domain/tariff/tariff.js';
import type { CommandHandler } from '../command-handler.js';
import { type Caller, contextFor } from '../context.js';
import type { Locale } from '../../domain/shared/locale.js';
import type { Clock } from '../ports/clock.js';
import { claimOpenCall } from './one-open-call.js';

/** A fixed namespace so that (passenger, Idempotency-Key) always names the same call. */
const IDEMPOTENCY_NAMESPACE = '6f1c3a52-8d0e-4c5b-9a57-2b1f0e7d4c11';

/**
 * `locale`: the language named in the request itself; `acceptedLocale`: the client's
 * Accept-Language, which gives way to a language the passenger chose in their preferences.
 */
export type RequestCallInput = Omit<CallRequest, 'callId' | 'quote'> & { idempotencyKey?: string; acceptedLocale?: Locale | undefined };

export type RequestCallOptions = {
  /** The zone whose clock places the night surcharges of the estimate. */
  timeZone: string;
  /** The language of a passenger who chose none; fixed on the call so every message of the ride speaks it. */
  serviceLocale?: Locale;
};

/**
 * Requesting a taxi is one append to a new stream, so it works 24/7 whatever else is down; the
 * tariff in force is read first and decided on with it. The passenger's stream decides the rest
 * (one open call, no unpaid ride) in the claim that precedes it: the write side only, never a
 * read model, so a request never waits for the projector. The
 * request records the tariff (and its version) with the estimate quoted from it: the price quoted
 * is the price paid, whatever the operator sets later. With an Idempotency-Key the call id is
 * derived from it: a retried request lands on the same stream and the decider answers "nothing
 * new", so the client gets the same call back.
 */
export const requestCall = async (
  commands: CommandHandler,
  clock: Clock,
  input: RequestCallInput,
  caller: Caller,
  options: RequestCallOptions = { timeZone: 'Asia/Seoul' },
) => {
  const { idempotencyKey, acceptedLocale, ...request } = input;
  const callId = idempotencyKey ? uuidv5(`${request.passengerId}\u0000${idempotencyKey}`, IDEMPOTENCY_NAMESPACE) : randomUUID();
  const now = clock.now();
  const context = contextFor(caller, callId, now);
  // A call id drawn at random names no stream yet: only a retried request can find its call.
  const [{ state: tariff }, { state: call }] = await Promise.all([
    commands.load(tariffDecider, tariffStream(request.rideType)),
    idempotencyKey ? commands.load(callDecider, callStream(callId)) : { state: callDecider.initialState() },
  ]);
  const quote: CallQuote = {
    tariffVersion: tariff.version,
    tariff: tariff.tariff,
    estimate: estimateFare(tariff.tariff, request.pickup, request.destination, now.toISOString(), options.timeZone),
  };
  const commandIn = (preferredLocale: Locale | null) => ({
    type: 'RequestCall' as const,
    data: {
      callId,
      ...request,
      locale: request.locale ?? preferredLocale ?? acceptedLocale ?? options.serviceLocale ?? 'ko',
      quote,
      requestedAt: now.toISOString(),
    },
    checks: { rideTypeAvailable: tariff.available },
  });
  let command = commandIn(null);
  // A retried request (same Idempotency-Key) finds its call and answers with it, whatever is open.
  // Otherwise the call's own rule (ride type available) is asked first — decide is pure — so a
  // refused request never claims the passenger's one open call; the claim refuses UNPAID_RIDE.
  if (call.status === 'none') {
    callDecider.decide(command, call);
    const { preferredLocale } = await claimOpenCall(commands, request.passengerId, callId, now, context);
    command = commandIn(preferredLocale);
  }
  const result = await send(commands, { aggregate: 'call', id: callId, command }, context);
  return { callId, replayed: result.events.length === 0, ...result };
};
