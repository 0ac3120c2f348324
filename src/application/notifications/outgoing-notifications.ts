import { callIdOf, type LogEvent } from '../../domain/events.js';
import type { RecordedEvent } from '../ports/event-store.js';
import type { OutgoingNotification, Recipient } from '../ports/notifier.js';
import type { Locale } from '../../domain/shared/locale.js';
import {
  type NotificationContent as Content,
  driverCancelMessage,
  notificationFor,
  offerMessage,
  reassignedMessage,
} from './notification-messages.js';

/**
 * Who should hear about an event and what they are told, before the passenger id and their
 * language are known (most of the ride's events carry only the call id). Null when nobody is told.
 */
export type NotificationDraft = { callId: string; content: (locale: Locale) => Content } & (
  { audience: 'passenger'; passengerId: string | null } | { audience: 'driver'; driverId: string }
);

/**
 * The language drivers are told in until a driver's own is known: drivers' messages were written
 * in English before the catalogue had Korean, and the console's driver page shows none of them.
 */
export const DRIVER_LOCALE: Locale = 'en';

/**
 * A driver offered a call is told (outside the app only if they chose so: see RoutingNotifier); a
 * driver whose assignment was cancelled or given to another driver is told so, and that they may
 * take the next call.
 */
const driverDraftFor = (event: LogEvent): NotificationDraft | null => {
  if (event.type === 'CallOffered') {
    const { driverId, callId } = event.data;
    return {
      audience: 'driver',
      driverId,
      callId,
      content: (locale) => ({ kind: 'CALL_OFFERED', status: 'OFFERED', message: offerMessage(locale) }),
    };
  }
  if (event.type !== 'DriverReleased') return null;
  const { driverId, callId, reason, cancelledBy } = event.data;
  if (reason === 'REASSIGNED') {
    return {
      audience: 'driver',
      driverId,
      callId,
      content: (locale) => ({ kind: 'ASSIGNMENT_REASSIGNED', status: 'REQUESTED', message: reassignedMessage(locale) }),
    };
  }
  if (reason !== 'CALL_CANCELLED') return null;
  return {
    audience: 'driver',
    driverId,
    callId,
    content: (locale) => ({ kind: 'ASSIGNMENT_CANCELLED', status: 'CANCELLED', message: driverCancelMessage(cancelledBy, locale) }),
  };
};

/** The passenger an event names, when it names one (the request, the ride, the payment request). */
const passengerIdOf = (event: LogEvent): string | null => ('passengerId' in event.data ? event.data.passengerId : null);

export const draftNotification = (event: LogEvent): NotificationDraft | null => {
  const driver = driverDraftFor(event);
  if (driver) return driver;
  const callId = callIdOf(event);
  if (!callId || !notificationFor(event, 'en')) return null;
  return { audience: 'passenger', callId, passengerId: passengerIdOf(event), content: (locale) => notificationFor(event, locale)! };
};

/** The notification of an event; its id is the event's id, so every redelivery is recognisably the same one. */
export const toOutgoing = (event: RecordedEvent, draft: NotificationDraft, recipient: Recipient, locale: Locale): OutgoingNotification => ({
  notificationId: event.eventId,
  recipient,
  callId: draft.callId,
  ...draft.content(locale),
  createdAt: event.metadata.timestamp,
  correlationId: event.metadata.correlationId,
});

/** Who a call's passenger is and the language they are told in; older calls were told in English. */
export type CallAudience = { passengerId: string; locale: Locale | null };
export const localeOfRequest = (request: { locale?: Locale }): Locale => request.locale ?? 'en';

/**
 * The passenger of each call and their language, learned from the events that carry them
 * (CallRequested carries both; RideStarted, PaymentRequested … only the passenger). Bounded: past
 * `capacity` the oldest calls are forgotten and, if needed again, looked up from the Call stream.
 */
export class PassengerDirectory {
  private readonly calls = new Map<string, CallAudience>();

  constructor(private readonly capacity = 50_000) {}

  learn(event: LogEvent): void {
    if (event.type === 'CallRequested') {
      this.remember(event.data.callId, { passengerId: event.data.passengerId, locale: localeOfRequest(event.data) });
      return;
    }
    const callId = callIdOf(event);
    const passengerId = passengerIdOf(event);
    if (callId && passengerId && !this.calls.has(callId)) this.remember(callId, { passengerId, locale: null });
  }

  remember(callId: string, audience: CallAudience): void {
    this.calls.set(callId, audience);
    if (this.calls.size > this.capacity) this.calls.delete(this.calls.keys().next().value!);
  }

  get(callId: string): CallAudience | undefined {
    return this.calls.get(callId);
  }
}
