import { DRIVER_LOCALE, draftNotification } from '../../application/notifications/outgoing-notifications.js';
import { defineProjection, type Projection, type ReadModelDocument } from '../projection.js';

export type DriverNotification = {
  notificationId: string;
  callId: string;
  driverId: string;
  kind: string;
  status: string;
  message: string;
  createdAt: string;
};

/**
 * What drivers were told (an assignment cancelled, and by whom), the same drafts the notifier
 * sends. One document per driver and call, so evolve stays a function of one small document.
 */
export type DriverNotificationThread = ReadModelDocument & { driverId: string; callId: string; notifications: DriverNotification[] };

const driverDraft = (event: Parameters<typeof draftNotification>[0]) => {
  const draft = draftNotification(event);
  return draft?.audience === 'driver' ? draft : null;
};

export const driverNotificationsProjection: Projection<DriverNotificationThread> = defineProjection<DriverNotificationThread, 'DriverReleased'>({
  name: 'driver-notifications',
  collection: 'driver_notifications',
  indexes: [
    [
      ['driverId', 'asc'],
      ['id', 'asc'],
    ],
  ],
  // What a removed driver was told is theirs alone, and the thread's id names them: it goes.
  // The messages quote no passenger data (who cancelled, not who the passenger is).
  forgets: { driver: 'driverId' },
  personal: { driver: ['notifications'] },
  forget: () => null,
  // Only a release tells a driver something (`draftNotification`): their assignment was cancelled.
  canHandle: ['DriverReleased'],
  keyOf: (event) => {
    const draft = driverDraft(event);
    return draft ? `${draft.driverId}:${draft.callId}` : null;
  },
  evolve: (thread, event) => {
    const draft = driverDraft(event);
    if (!draft) return thread;
    const base = thread ?? {
      id: `${draft.driverId}:${draft.callId}`,
      position: event.position,
      driverId: draft.driverId,
      callId: draft.callId,
      notifications: [],
    };
    // One notification per event, ever: a replayed event finds its id already there.
    if (base.notifications.some((n) => n.notificationId === event.eventId)) return base;
    const notification: DriverNotification = {
      notificationId: event.eventId,
      callId: draft.callId,
      driverId: draft.driverId,
      ...draft.content(DRIVER_LOCALE),
      createdAt: event.metadata.timestamp,
    };
    return { ...base, position: event.position, notifications: [...base.notifications, notification] };
  },
});
