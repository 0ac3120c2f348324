import type { CallEvent } from './call/call.js';
import type { DispatchEvent } from './dispatch/dispatch.js';
import type { DriverEvent } from './driver/driver.js';
import type { DrivingEvent } from './driving/driving.js';
import type { PassengerEvent } from './passenger/passenger.js';
import type { PaymentEvent } from './payment/payment.js';
import type { ErasureEvent } from './privacy/erasure.js';
import type { RatingEvent } from './rating/rating.js';
import type { TariffEvent } from './tariff/tariff.js';

/**
 * Everything the log holds: the union of every aggregate's events. Readers of the log (read
 * models, process managers, notifications) narrow it by `type`, so none of them casts.
 */
export type LogEvent =
  CallEvent | DispatchEvent | DriverEvent | DrivingEvent | PaymentEvent | TariffEvent | PassengerEvent | RatingEvent | ErasureEvent;
export type LogEventType = LogEvent['type'];
export type LogEventOfType<Type extends LogEventType> = Extract<LogEvent, { type: Type }>;

/** The call an event belongs to: every event of a ride carries it; a driver's registration or a tariff does not. */
export const callIdOf = (event: LogEvent): string | null => ('callId' in event.data ? event.data.callId : null);

/** After any of these nobody can take the call anymore: it was taken, cancelled, ran out of time, or is over. */
export const CALL_CLOSING_EVENTS = [
  'DriverAccepted',
  'DispatchCancelled',
  'DispatchCompleted',
  'DispatchExpired',
  'CallDispatched',
  'CallCancelled',
  'CallExpired',
  'CallCompleted',
] as const satisfies readonly LogEventType[];

/**
 * A type guard for the events a reader handles (emmett's `canHandle`): the list is written once,
 * and both the runtime check and the narrowed type come from it.
 */
export const isOneOf = <const Types extends readonly LogEventType[]>(types: Types) => {
  const handled: ReadonlySet<string> = new Set(types);
  return <Event extends LogEvent>(event: Event): event is Extract<Event, { type: Types[number] }> => handled.has(event.type);
};

export const closesCall = isOneOf(CALL_CLOSING_EVENTS);
