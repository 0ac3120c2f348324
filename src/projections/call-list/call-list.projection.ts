import { callIdOf, closesCall } from '../../domain/events.js';
import type { Place } from '../../domain/shared/geo.js';
import { appliedOnce, type Projection, type ReadModelDocument } from '../projection.js';

/**
 * One open call in the drivers' call list; it leaves the list once nobody can accept it anymore.
 * A call a driver gives back comes back to the list. Every online driver reads it, so it holds what a driver needs to decide, not who the passenger
 * is: the assigned driver learns that from the call itself.
 */
export type OpenCall = ReadModelDocument & {
  callId: string;
  /** Only so the passenger's erasure finds the call; the call list query never shows it. */
  passengerId?: string;
  pickup: Place;
  destination: Place;
  rideType: string;
  requestedAt: string;
};

export const callListProjection: Projection<OpenCall> = {
  name: 'call-list',
  collection: 'open_calls',
  indexes: [
    [
      ['rideType', 'asc'],
      ['requestedAt', 'asc'],
      ['id', 'asc'],
    ],
    [
      ['requestedAt', 'asc'],
      ['id', 'asc'],
    ],
  ],
  // An erased passenger has no open call (erasure refuses one); should one remain, it goes.
  forgets: { passenger: 'passengerId' },
  forget: () => null,
  keyOf: (event) => (event.type === 'CallRequested' || event.type === 'CallReleased' || closesCall(event) ? callIdOf(event) : null),
  evolve: appliedOnce((open, event) => {
    // A call its driver gave back is open again, with what it had at the request.
    if (event.type === 'CallRequested' || event.type === 'CallReleased') {
      if (open) return open;
      const { callId, passengerId, pickup, destination, rideType, requestedAt } = event.data;
      return { id: callId, position: event.position, callId, passengerId, pickup, destination, rideType, requestedAt };
    }
    // Closed: only a release reopens it.
    return closesCall(event) ? null : open;
  }),
};
