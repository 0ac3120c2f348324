import type { CallRequest } from '../../domain/call/call.js';
import type { Locale } from '../../domain/shared/locale.js';
import { send } from '../aggregates.js';
import type { CommandHandler } from '../command-handler.js';
import { type Caller, contextFor } from '../context.js';
import type { Clock } from '../ports/clock.js';
import { type RequestCallOptions, requestCall } from './request-call.js';

/**
 * Names a passenger by their phone number without the number itself: the same number always gives
 * the same id, and the id (which appears in stream names and read models in clear) cannot be
 * turned back into the number by anyone without the server's key.
 */
export type PassengerIdOfPhone = (phone: string) => string;

export type BookingDependencies = { commands: CommandHandler; clock: Clock; passengerIdOf: PassengerIdOfPhone; requestOptions?: RequestCallOptions };

export type BookingInput = Pick<CallRequest, 'pickup' | 'destination' | 'rideType'> & {
  phone: string;
  name?: string | undefined;
  locale?: Locale | undefined;
};

/**
 * A phone booking by the dispatch centre for a passenger without the app: the passenger is found
 * (or first recorded) by phone number, their contact recorded as personal data (sealed in the log),
 * and the call requested for them exactly as they would — one open call, nothing unpaid — marked
 * as booked by the centre.
 */
export const bookCall = async (deps: BookingDependencies, input: BookingInput, caller: Caller) => {
  const { phone, name, locale, ...ride } = input;
  const passengerId = deps.passengerIdOf(phone);
  const now = deps.clock.now();
  const contact = { passengerId, phone, name: name ?? null, locale: locale ?? null, recordedAt: now.toISOString() };
  await send(
    deps.commands,
    { aggregate: 'passenger', id: passengerId, command: { type: 'RecordPassengerContact', data: contact } },
    contextFor(caller, passengerId, now),
  );
  const bookedBy = { role: 'operator' as const, id: caller.actor.id };
  // The booking's language is the call's: every message of the ride is written in it.
  const result = await requestCall(deps.commands, deps.clock, { ...ride, passengerId, bookedBy, locale }, caller, deps.requestOptions);
  return { ...result, passengerId };
};
