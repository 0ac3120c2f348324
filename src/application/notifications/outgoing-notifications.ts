import type { DriverReleased } from '../../domain/driver/driver.js';
import { callIdOf, type LogEvent } from '../../domain/events.js';
import type { RecordedEvent } from '../ports/event-store.js';
import type { OutgoingNotification, Recipient } from '../ports/notifier.js';
import { type NotificationContent as Content, notificationFor } from './notification-messages.js';

/**
 * Who should hear about an event and what they are told, before the passenger id is known
 * (most of the ride's events carry only the call id). Null when nobody is told.
 */
export type NotificationDraft = { callId: string; content: Content } & (
  { audience: 'passenger'; passengerId: string | null } | { audience: 'driver'; driverId: string }
);

/** Says who cancelled: a driver treats the customer centre's cancel differently from a passenger's. */
export const driverCancelMessage = (cancelledBy: DriverReleased['data']['cancelledBy']): string => {
  const who = {
    operator: 'Our customer centre cancelled the call.',
    passenger: 'The passenger cancelled the call.',
    system: 'The call was cancelled by the system.',
  };
  return `${cancelledBy ? who[cancelledBy] : "The passenger's call was cancelled."} You are free to take the next call.`;
};

/** A driver whose assignment was cancelled is told so, and that they may take the next call, so they do not drive to nobody. */
const driverContentFor = (event: LogEvent): { driverId: string; callId: string; content: Content } | null => {
  if (event.type !== 'DriverReleased') return null;
  const { driverId, callId, reason, cancelledBy } = event.data;
  if (reason !== 'CALL_CANCELLED') return null;
  return { driverId, callId, content: { kind: 'ASSIGNMENT_CANCELLED', status: 'CANCELLED', message: driverCancelMessage(cancelledBy) } };
};

/** The passenger an event names, when it names one (the request, the ride, the payment request). */
const passengerIdOf = (event: LogEvent): string | null => ('passengerId' in event.data ? event.data.passengerId : null);

export const draftNotification = (event: LogEvent): NotificationDraft | null => {
  const driver = driverContentFor(event);
  if (driver) return { audience: 'driver', ...driver };
  const content = notificationFor(event);
  const callId = callIdOf(event);
  if (!content || !callId) return null;
  return { audience: 'passenger', callId, passengerId: passengerIdOf(event), content };
};

/** The notification of an event; its id is the event's id, so every redelivery is recognisably the same one. */
export const toOutgoing = (event: RecordedEvent, draft: NotificationDraft, recipient: Recipient): OutgoingNotification => ({
  notificationId: event.eventId,
  recipient,
  callId: draft.callId,
  ...draft.content,
  createdAt: event.metadata.timestamp,
  correlationId: event.metadata.correlationId,
});

/**
 * The passenger of each call, learned from the events that carry it (CallRequested, RideStarted,
 * PaymentRequested …). Bounded: past `capacity` the oldest calls are forgotten and, if needed
 * again, looked up from the Call stream.
 */
export class PassengerDirectory {
  private readonly passengers = new Map<string, string>();

  constructor(private readonly capacity = 50_000) {}

  learn(event: LogEvent): void {
    const callId = callIdOf(event);
    const passengerId = passengerIdOf(event);
    if (callId && passengerId) this.remember(callId, passengerId);
  }

  remember(callId: string, passengerId: string): void {
    if (this.passengers.has(callId)) return;
    this.passengers.set(callId, passengerId);
    if (this.passengers.size > this.capacity) this.passengers.delete(this.passengers.keys().next().value!);
  }

  get(callId: string): string | undefined {
    return this.passengers.get(callId);
  }
}
