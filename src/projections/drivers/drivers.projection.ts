import { isOneOf } from '../../domain/events.js';
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

const handles = isOneOf(['DriverRegistered', 'DriverWentOnline', 'DriverWentOffline', 'DriverAssigned', 'DriverReleased']);

export const driversProjection: Projection<DriverView> = {
  name: 'drivers',
  collection: 'drivers',
  indexes: [[['status', 'asc'], ['id', 'asc']]],
  keyOf: (event) => (handles(event) ? event.data.driverId : null),
  evolve: (view, event) => {
    if (!handles(event)) return view;
    const updatedAt = event.metadata.timestamp;
    if (event.type === 'DriverRegistered') {
      if (view) return view;
      const { driverId, name, vehicleNo, rideTypes } = event.data;
      return { id: driverId, position: event.position, driverId, name, vehicleNo, rideTypes, status: 'OFFLINE', currentCallId: null, location: null, updatedAt };
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
