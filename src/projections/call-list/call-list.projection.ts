import { CALL_CLOSING_EVENTS, callIdOf, type LogEventType } from '../../domain/events.js';
import type { Place } from '../../domain/shared/geo.js';
import { defineProjection, type Projection, type ReadModelDocument } from '../projection.js';

/**
 * One open call in the drivers' call list; it leaves the list once nobody can accept it anymore.
 * Every online driver reads it, so it holds what a driver needs to decide, not who the passenger
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

/** The request opens a call on the list; any event after which nobody can take it closes it. */
const CALL_LIST_EVENTS = ['CallRequested', ...CALL_CLOSING_EVENTS] as const satisfies readonly LogEventType[];

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
    if (event.type === 'CallRequested') {
      if (open) return open;
      const { callId, passengerId, pickup, destination, rideType, requestedAt } = event.data;
      return { id: callId, position: event.position, callId, passengerId, pickup, destination, rideType, requestedAt };
    }
    // Closed for good: a later event about the call never reopens it.
    return null;
  },
});
