import { callIdOf, type LogEventType } from '../../domain/events.js';
import { defineProjection, type Erasure, type Projection, type ReadModelDocument } from '../projection.js';
import { notificationFor, personalMessages } from '../../application/notifications/notification-messages.js';
import { ERASED } from '../../domain/privacy/personal-data.js';
import type { Locale } from '../../domain/shared/locale.js';
import { localeOfRequest } from '../../application/notifications/outgoing-notifications.js';

export type Notification = {
  notificationId: string;
  callId: string;
  passengerId: string;
  kind: string;
  status: string;
  message: string;
  createdAt: string;
};

/**
 * The notifications of one call (requirement 11). Kept per call so that evolve stays a pure
 * function of one document: it needs the passenger id, which only the first event carries.
 */
export type NotificationThread = ReadModelDocument & {
  callId: string;
  passengerId: string;
  /** The driver who accepted the call, so the driver's erasure finds the messages that name them. */
  driverId?: string;
  /** The language the passenger is told in (absent from threads written before there was a choice: English). */
  locale?: Locale;
  notifications: Notification[];
  lastAt: string;
};

const erasedMessages = (kind: Erasure['kind'], locale: Locale): Record<string, string> =>
  kind === 'passenger'
    ? { CALL_REQUESTED: personalMessages(locale).CALL_REQUESTED(ERASED) }
    : { CALL_DISPATCHED: personalMessages(locale).CALL_DISPATCHED(ERASED, ERASED) };

/** The thread without the person: their id and the messages that quote their data. */
const forget = (thread: NotificationThread, erasure: Erasure): NotificationThread => {
  const erased = erasedMessages(erasure.kind, thread.locale ?? 'en');
  const notifications = thread.notifications.map((n) => ({
    ...n,
    passengerId: erasure.kind === 'passenger' ? ERASED : n.passengerId,
    message: erased[n.kind] ?? n.message,
  }));
  return erasure.kind === 'passenger' ? { ...thread, passengerId: ERASED, notifications } : { ...thread, driverId: ERASED, notifications };
};

/** The events that open a thread, name its driver, or tell the passenger something (`notificationFor`). */
const NOTIFICATION_EVENTS = [
  'CallRequested',
  'DriverAccepted',
  'RideStarted',
  'RideFinished',
  'PaymentApproved',
  'PaymentDeferred',
  'PaymentFailed',
  'PaymentRefunded',
  'PaymentVoided',
  'PaymentWaived',
  'CallCancelled',
  'CallExpired',
] as const satisfies readonly LogEventType[];

export const notificationsProjection: Projection<NotificationThread> = defineProjection({
  name: 'notifications',
  collection: 'notifications',
  indexes: [
    [
      ['passengerId', 'asc'],
      ['lastAt', 'desc'],
      ['id', 'asc'],
    ],
    [
      ['lastAt', 'asc'],
      ['id', 'asc'],
    ],
  ],
  forgets: { passenger: 'passengerId', driver: 'driverId' },
  // The messages quote places and the driver's name: the whole thread's list is the passenger's.
  personal: { passenger: ['notifications'] },
  forget,
  canHandle: NOTIFICATION_EVENTS,
  keyOf: (event) => callIdOf(event),
  evolve: (thread, event) => {
    let base =
      thread ??
      (event.type === 'CallRequested'
        ? {
            id: event.data.callId,
            position: event.position,
            callId: event.data.callId,
            passengerId: event.data.passengerId,
            locale: localeOfRequest(event.data),
            notifications: [],
            lastAt: event.metadata.timestamp,
          }
        : null);
    if (!base) return null;
    if (event.type === 'DriverAccepted') base = { ...base, driverId: event.data.driverId };
    const content = notificationFor(event, base.locale ?? 'en');
    // One notification per event, ever: a replayed event finds its id already there.
    if (!content || base.notifications.some((n) => n.notificationId === event.eventId)) return base;
    const notification: Notification = {
      notificationId: event.eventId,
      callId: base.callId,
      passengerId: base.passengerId,
      ...content,
      createdAt: event.metadata.timestamp,
    };
    return { ...base, notifications: [...base.notifications, notification], lastAt: notification.createdAt };
  },
});
