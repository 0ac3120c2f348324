import { callIdOf, closesCall } from '../../domain/events.js';
import type { Place } from '../../domain/shared/geo.js';
import type { Projection, ReadModelDocument } from '../projection.js';

/** One open call in the drivers' call list; it leaves the list once nobody can accept it anymore. */
export type OpenCall = ReadModelDocument & {
  callId: string;
  passengerId: string;
  pickup: Place;
  destination: Place;
  rideType: string;
  requestedAt: string;
};

export const callListProjection: Projection<OpenCall> = {
  name: 'call-list',
  collection: 'open_calls',
  indexes: [[['rideType', 'asc'], ['requestedAt', 'asc'], ['id', 'asc']], [['requestedAt', 'asc'], ['id', 'asc']]],
  keyOf: (event) => (event.type === 'CallRequested' || closesCall(event) ? callIdOf(event) : null),
  evolve: (open, event) => {
    if (event.type === 'CallRequested') {
      if (open) return open;
      const { callId, passengerId, pickup, destination, rideType, requestedAt } = event.data;
      return { id: callId, position: event.position, callId, passengerId, pickup, destination, rideType, requestedAt };
    }
    // Closed for good: a later event about the call never reopens it.
    return closesCall(event) ? null : open;
  },
};
