import { CALL_CLOSING_EVENTS, callIdOf, type LogEventType } from '../../domain/events.js';
import type { Place } from '../../domain/shared/geo.js';
import { defineProjection, type Projection, type ReadModelDocument } from '../projection.js';

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

/** The request (or a release) opens a call on the list; any event after which nobody can take it closes it. */
const CALL_LIST_EVENTS = ['CallRequested', 'CallReleased', ...CALL_CLOSING_EVENTS] as const satisfies readonly LogEventType[];

export const callListProjection: Projection<OpenCall> = defineProjection<OpenCall, (typeof CALL_LIST_EVENTS)[number]>({
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
  personal: { passenger: ['pickup', 'destination'] },
  forget: () => null,
  canHandle: CALL_LIST_EVENTS,
  keyOf: (event) => callIdOf(event),
  evolve: (open, event) => {
    // A call its driver gave back is open again, with what it had at the request.
    if (event.type === 'CallRequested' || event.type === 'CallReleased') {
      if (open) return open;
      const { callId, passengerId, pickup, destination, rideType, requestedAt } = event.data;
      return { id: callId, position: event.position, callId, passengerId, pickup, destination, rideType, requestedAt };
    }
    // Closed: only a release reopens it.
    return null;
  },
});
