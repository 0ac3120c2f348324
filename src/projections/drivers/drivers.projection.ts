import { type LogEventType } from '../../domain/events.js';
import type { Coordinates } from '../../domain/shared/geo.js';
import { defineProjection, type Projection, type ReadModelDocument } from '../projection.js';

/** A driver as the call list and operators see them: availability and last known position. */
export type DriverView = ReadModelDocument & {
  driverId: string;
  name: string;
  vehicleNo: string;
  rideTypes: string[];
  status: 'ONLINE' | 'OFFLINE';
  currentCallId: string | null;
  location: Coordinates | null;
  /** Passengers' stars: how many rides were rated and their mean (null before the first). */
  ratingCount?: number;
  ratingSum?: number;
  averageRating?: number | null;
  /** How many calls the driver accepted and then gave back (absent until the first). */
  releaseCount?: number;
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

export const driversProjection: Projection<DriverView> = defineProjection<DriverView, (typeof DRIVER_EVENTS)[number]>({
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
  personal: { driver: ['name', 'vehicleNo', 'location'] },
  forget: () => null,
  canHandle: DRIVER_EVENTS,
  keyOf: (event) => event.data.driverId,
  evolve: (view, event) => {
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
        updatedAt,
      };
    }
    if (!view) return null;
    switch (event.type) {
      case 'DriverWentOnline':
        return { ...view, status: 'ONLINE', location: event.data.location, updatedAt };
      case 'DriverWentOffline':
        return { ...view, status: 'OFFLINE', updatedAt };
      case 'DriverAssigned':
        return { ...view, currentCallId: event.data.callId, updatedAt };
      case 'DriverReleased': {
        if (view.currentCallId !== event.data.callId) return view;
        const releaseCount = (view.releaseCount ?? 0) + (event.data.reason === 'CALL_RELEASED' ? 1 : 0);
        return { ...view, currentCallId: null, updatedAt, ...(releaseCount > 0 ? { releaseCount } : {}) };
      }
      default: {
        const _exhaustive: never = event;
        return view;
      }
    }
  },
});
