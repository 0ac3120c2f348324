import type { RecordedEvent } from '../../application/ports/event-store.js';
import { callIdOf } from '../../domain/events.js';
import type { Projection, ReadModelDocument } from '../projection.js';
import { notificationFor } from '../../application/notifications/notification-messages.js';

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
  notifications: Notification[];
  lastAt: string;
};

/** A call's thread starts with its request, the one event that names the passenger. */
const threadOpenedBy = (event: RecordedEvent): NotificationThread | null => {
  if (event.type !== 'CallRequested') return null;
  const { callId, passengerId } = event.data;
  return { id: callId, position: event.position, callId, passengerId, notifications: [], lastAt: event.metadata.timestamp };
};

export const notificationsProjection: Projection<NotificationThread> = {
  name: 'notifications',
  collection: 'notifications',
  indexes: [[['passengerId', 'asc'], ['lastAt', 'desc'], ['id', 'asc']]],
  keyOf: (event) => callIdOf(event),
  evolve: (thread, event) => {
    const base = thread ?? threadOpenedBy(event);
    if (!base) return null;
    const content = notificationFor(event);
    // One notification per event, ever: a replayed event finds its id already there.
    if (!content || base.notifications.some((n) => n.notificationId === event.eventId)) return base;
    const notification: Notification = { notificationId: event.eventId, callId: base.callId, passengerId: base.passengerId, ...content, createdAt: event.metadata.timestamp };
    return { ...base, notifications: [...base.notifications, notification], lastAt: notification.createdAt };
  },
};

