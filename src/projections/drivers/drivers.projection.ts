import { isOneOf, type LogEventType } from '../../domain/events.js';
import type { Coordinates } from '../../domain/shared/geo.js';
import { appliedOnce, type Projection, type ReadModelDocument } from '../projection.js';

/** A driver as the call list and operators see them: availability and last known position. */
export type DriverView = ReadModelDocument & {
  driverId: string;
  name: string;
  vehicleNo: string;
  rideTypes: string[];
  status: 'ONLINE' | 'OFFLINE';
  currentCallId: string | null;
  location: Coordinates | null;
  /** When the driver last went online: their sign of life until a ping is newer (absent in documents written before it). */
  lastSeenAt?: string | null;
  /** Passengers' stars: how many rides were rated and their mean (null before the first). */
  ratingCount?: number;
  ratingSum?: number;
  averageRating?: number | null;
  updatedAt: string;
};

const rated = (view: DriverView, stars: number): DriverView => {
  const count = (view.ratingCount ?? 0) + 1;
  const sum = (view.ratingSum ?? 0) + stars;
  return { ...view, ratingCount: count, ratingSum: sum, averageRating: Math.round((sum / count) * 100) / 100 };
};

const DRIVER_EVENTS = [
  'DriverRegistered',
  'DriverWentOnline',
  'DriverWentOffline',
  'DriverAssigned',
  'DriverReleased',
  'RideRated',
] as const satisfies readonly LogEventType[];
const handles = isOneOf(DRIVER_EVENTS);

export const driversProjection: Projection<DriverView> = {
  name: 'drivers',
  collection: 'drivers',
  indexes: [
    [
      ['status', 'asc'],
      ['id', 'asc'],
    ],
  ],
  // A removed driver leaves the view: their profile and last position are all it holds.
  forgets: { driver: 'driverId' },
  forget: () => null,
  keyOf: (event) => (handles(event) ? event.data.driverId : null),
  evolve: appliedOnce((view, event) => {
    if (!handles(event)) return view;
    if (event.type === 'RideRated') return view ? rated(view, event.data.stars) : null;
    const updatedAt = event.metadata.timestamp;
    if (event.type === 'DriverRegistered') {
      if (view) return view;
      const { driverId, name, vehicleNo, rideTypes } = event.data;
      return {
        id: driverId,
        position: event.position,
        driverId,
        name,
        vehicleNo,
        rideTypes,
        status: 'OFFLINE',
        currentCallId: null,
        location: null,
        lastSeenAt: null,
        updatedAt,
      };
    }
    if (!view) return null;
    switch (event.type) {
      case 'DriverWentOnline':
        return { ...view, status: 'ONLINE', location: event.data.location, lastSeenAt: event.data.at, updatedAt };
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
  }),
};
