import type { CallRequested } from '../../domain/call/call.js';
import type { Money } from '../../domain/driving/fare.js';
import { isOneOf, type LogEventOfType, type LogEventType } from '../../domain/events.js';
import type { Place } from '../../domain/shared/geo.js';
import type { RecordedEvent } from '../../application/ports/event-store.js';
import { forgetsRiders, perCall } from '../per-call.js';
import { defineProjection, type Erasure, type Projection, type ReadModelDocument } from '../projection.js';

/**
 * A call as drivers see it: who holds a pending offer for it, who drives it, and what it earned.
 * Serves a driver's ride list (with fares) and says which driver may read the call.
 */
export type DriverRide = ReadModelDocument & {
  callId: string;
  passengerId: string;
  pickup: Place;
  destination: Place;
  rideType: string;
  requestedAt: string;
  /** The driver holding the pending offer, if any, and when it expires (absent on older documents). */
  offeredTo: string | null;
  offerExpiresAt?: string | null;
  driverId: string | null;
  status: 'OPEN' | 'DISPATCHED' | 'DRIVING' | 'FINISHED' | 'CANCELLED';
  acceptedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  fare: Money | null;
};

const OFFER_EVENTS = ['CallOffered', 'OfferDeclined', 'OfferExpired', 'OfferWithdrawn', 'DispatchExpired'] as const satisfies readonly LogEventType[];
const RIDE_EVENTS = [
  'DriverAccepted',
  'DispatchReleased',
  'DispatchCancelled',
  'RideStarted',
  'RideFinished',
] as const satisfies readonly LogEventType[];
const isOfferEvent = isOneOf(OFFER_EVENTS);
const DRIVER_RIDE_EVENTS = ['CallRequested', ...OFFER_EVENTS, ...RIDE_EVENTS] as const;
type OfferEvent = LogEventOfType<(typeof OFFER_EVENTS)[number]>;
type RideEvent = LogEventOfType<(typeof RIDE_EVENTS)[number]>;

const requested = (event: RecordedEvent<CallRequested>): DriverRide => {
  const { callId, passengerId, pickup, destination, rideType, requestedAt } = event.data;
  return {
    id: callId,
    position: event.position,
    callId,
    passengerId,
    pickup,
    destination,
    rideType,
    requestedAt,
    offeredTo: null,
    driverId: null,
    status: 'OPEN',
    acceptedAt: null,
    startedAt: null,
    finishedAt: null,
    fare: null,
  };
};

const applyOffer = (ride: DriverRide, event: OfferEvent): DriverRide => {
  if (event.type === 'CallOffered') {
    return ride.status === 'OPEN' ? { ...ride, offeredTo: event.data.driverId, offerExpiresAt: event.data.expiresAt } : ride;
  }
  // An ended offer only clears the offer it ends (a later one may be pending already).
  const ended = 'driverId' in event.data ? event.data.driverId : undefined;
  return ended === undefined || ended === ride.offeredTo ? { ...ride, offeredTo: null, offerExpiresAt: null } : ride;
};

const apply = (ride: DriverRide, event: RideEvent): DriverRide => {
  switch (event.type) {
    case 'DriverAccepted':
      // The first accept wins; a replayed one never moves a ride back.
      if (ride.status !== 'OPEN') return ride;
      return {
        ...ride,
        offeredTo: null,
        offerExpiresAt: null,
        driverId: event.data.driverId,
        status: 'DISPATCHED',
        acceptedAt: event.data.acceptedAt,
      };
    case 'DispatchReleased':
      // Given back (or reassigned): no longer this driver's ride, and open to be taken again.
      return ride.status === 'DISPATCHED' && ride.driverId === event.data.driverId
        ? { ...ride, driverId: null, status: 'OPEN', acceptedAt: null }
        : ride;
    case 'DispatchCancelled':
      return { ...ride, offeredTo: null, offerExpiresAt: null, status: ride.status === 'FINISHED' ? 'FINISHED' : 'CANCELLED' };
    case 'RideStarted':
      return ride.status === 'DISPATCHED' ? { ...ride, status: 'DRIVING', startedAt: event.data.startedAt } : ride;
    case 'RideFinished':
      return { ...ride, status: 'FINISHED', finishedAt: event.data.finishedAt, fare: event.data.fare };
    default: {
      const _exhaustive: never = event;
      return ride;
    }
  }
};

/** An erased driver's pending offer goes too. */
const forgetOffer = (ride: DriverRide, erasure: Erasure): DriverRide =>
  erasure.kind === 'driver' && ride.offeredTo === erasure.personId ? { ...ride, offeredTo: null } : ride;

export const driverRidesProjection: Projection<DriverRide> = defineProjection({
  name: 'driver-rides',
  collection: 'driver_rides',
  indexes: [
    [
      ['driverId', 'asc'],
      ['requestedAt', 'desc'],
      ['id', 'asc'],
    ],
    [
      ['driverId', 'asc'],
      ['finishedAt', 'asc'],
      ['id', 'asc'],
    ],
    [
      ['passengerId', 'asc'],
      ['id', 'asc'],
    ],
    [
      ['offeredTo', 'asc'],
      ['id', 'asc'],
    ],
  ],
  ...forgetsRiders(forgetOffer),
  canHandle: DRIVER_RIDE_EVENTS,
  ...perCall(requested, (ride, event: OfferEvent | RideEvent) => (isOfferEvent(event) ? applyOffer(ride, event) : apply(ride, event))),
});
