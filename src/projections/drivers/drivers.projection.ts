import type { DriverEvent } from '../../domain/driver/driver.js';
import type { Coordinates } from '../../domain/shared/geo.js';
import type { Projection, ReadModelDocument } from '../projection.js';

/** A driver as the call list and operators see them: availability and last known position. */
export type DriverView = ReadModelDocument & {
  driverId: string;
  name: string;
  vehicleNo: string;
  rideTypes: string[];
  status: 'ONLINE' | 'OFFLINE';
  currentCallId: string | null;
  location: Coordinates | null;
  updatedAt: string;
};

const DRIVER_EVENTS = new Set(['DriverRegistered', 'DriverWentOnline', 'DriverWentOffline', 'DriverAssigned', 'DriverReleased']);

export const driversProjection: Projection<DriverView> = {
  name: 'drivers',
  collection: 'drivers',
  version: 1,
  indexes: [[['status', 'asc'], ['id', 'asc']]],
  // A removed driver leaves the view: their profile and last position are all it holds.
  forgets: { driver: 'driverId' },
  forget: () => null,
  keyOf: (event) => (DRIVER_EVENTS.has(event.type) ? (event.data as { driverId: string }).driverId : null),
  evolve: (view, recorded) => {
    if (!DRIVER_EVENTS.has(recorded.type)) return view;
    const event = { type: recorded.type, data: recorded.data } as DriverEvent;
    const updatedAt = recorded.metadata.timestamp;
    if (event.type === 'DriverRegistered') {
      if (view) return view;
      const { driverId, name, vehicleNo, rideTypes } = event.data;
      return { id: driverId, position: recorded.position, driverId, name, vehicleNo, rideTypes, status: 'OFFLINE', currentCallId: null, location: null, updatedAt };
    }
    if (!view) return null;
    switch (event.type) {
      case 'DriverWentOnline':
        return { ...view, status: 'ONLINE', location: event.data.location, updatedAt };
      case 'DriverWentOffline':
        return { ...view, status: 'OFFLINE', updatedAt };
      case 'DriverAssigned':
        return { ...view, currentCallId: event.data.callId, updatedAt };
      case 'DriverReleased':
        return view.currentCallId === event.data.callId ? { ...view, currentCallId: null, updatedAt } : view;
      default: {
        const _exhaustive: never = event;
        return view;
      }
    }
  },
};
