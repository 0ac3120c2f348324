import type { RecordedEvent } from '../../application/ports/event-store.js';
import { appliedOnce, callIdOf, type Projection, type ReadModelDocument } from '../projection.js';
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

export const notificationsProjection: Projection<NotificationThread> = {
  name: 'notifications',
  collection: 'notifications',
  version: 1,
  indexes: [[['passengerId', 'asc'], ['lastAt', 'desc'], ['id', 'asc']]],
  keyOf: (event) => callIdOf(event),
  evolve: appliedOnce((thread, event: RecordedEvent) => {
    const base =
      thread ??
      (event.type === 'CallRequested'
        ? { id: callIdOf(event)!, position: event.position, callId: callIdOf(event)!, passengerId: (event.data as { passengerId: string }).passengerId, notifications: [], lastAt: event.metadata.timestamp }
        : null);
    if (!base) return null;
    const content = notificationFor(event);
    // One notification per event, ever: a replayed event finds its id already there.
    if (!content || base.notifications.some((n) => n.notificationId === event.eventId)) return base;
    const notification: Notification = { notificationId: event.eventId, callId: base.callId, passengerId: base.passengerId, ...content, createdAt: event.metadata.timestamp };
    return { ...base, notifications: [...base.notifications, notification], lastAt: notification.createdAt };
  }),
};

