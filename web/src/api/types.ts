import type { paths } from '../../../client/index.js';

/**
 * The shapes the console reads from the public API, derived from the client generated from the
 * OpenAPI spec (client/schema.d.ts): the spec is the source of truth, so a change there shows up
 * here as a type error instead of a surprise at run time.
 */

type Methods = 'get' | 'post' | 'put' | 'delete';
type Operation<P extends keyof paths, M extends Methods> = NonNullable<paths[P][M]>;
/** The JSON body of an operation's success answer (200 or 201). */
export type Answer<P extends keyof paths, M extends Methods = 'get'> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: { content: { 'application/json': infer J } } }
      ? J
      : R extends { 201: { content: { 'application/json': infer J } } }
        ? J
        : never
    : never;
/** The JSON body an operation takes. */
export type Body<P extends keyof paths, M extends Methods = 'post'> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The element of a list: a `{items, nextCursor}` page or a bare array. */
type Item<L> = L extends (infer I)[] ? I : L extends { items: (infer I)[] } ? I : never;

export type ConsoleConfig = Answer<'/console-config.json'>;
export type DevToken = Answer<'/api/dev/tokens', 'post'>;
export type Role = Body<'/api/dev/tokens'>['role'];

type CallRequest = Body<'/api/calls'>;
export type Place = CallRequest['pickup'];
export type LatLng = Omit<Place, 'address'>;
export type RideType = NonNullable<CallRequest['rideType']>;
export const RIDE_TYPES: readonly RideType[] = ['STANDARD', 'DELUXE', 'VAN'];
/** A ride type as the views spell it (a string), as the commands take it; unknown ones are null. */
export const rideTypeOf = (value: string | null | undefined): RideType | null => RIDE_TYPES.find((known) => known === value) ?? null;

/** A call as the views answer it (pickup and destination lose their coordinates once erased). */
export type CallEntry = Item<Answer<'/api/calls'>>;
export type CallStatus = CallEntry['status'];
export type PaymentStatus = NonNullable<CallEntry['paymentStatus']>;
export type Money = NonNullable<CallEntry['fare']>;

export type Notification = Item<Answer<'/api/passengers/{passengerId}/notifications'>>;
export type OpenCall = Item<Answer<'/api/drivers/{driverId}/calls'>>;
export type FinishResult = Answer<'/api/calls/{callId}/finish', 'post'>;
export type NearbyTaxis = Answer<'/api/taxis/nearby'>;
export type FareEstimate = Answer<'/api/fares/estimate', 'post'>;
export type Receipt = Answer<'/api/calls/{callId}/receipt'>;
export type FareBreakdown = NonNullable<Receipt['breakdown']>;
export type DriverSummary = Answer<'/api/drivers/{driverId}'>;
export type Booking = Body<'/api/bookings'>;
export type AttentionItem = Item<Answer<'/api/attention'>>;
export type DriverRides = Answer<'/api/drivers/{driverId}/rides'>;
export type Ride = Item<DriverRides>;
export type HistoryEvent = Item<Answer<'/api/calls/{callId}/history'>>;
export type PaymentItem = Item<Answer<'/api/payments'>>;
export type DeadLetter = Item<Answer<'/api/dead-letters'>>;
export type DailyReport = Answer<'/api/reports/daily'>;
export type DailyReportDay = DailyReport['days'][number];
export type CallFilters = { status?: string; passengerId?: string; driverId?: string };

/*
 * The event streams (Server-Sent Events) are `text/event-stream` in the spec: their events'
 * data is described in words there, so these are written by hand from the JSON types above.
 */
export type StatusEvent = { callId: string; status: CallStatus; paymentStatus: PaymentStatus | null; position: number; call: CallEntry };
export type Offer = {
  offerId: string;
  callId: string;
  driverId: string;
  offeredAt: string;
  expiresAt: string;
  pickup?: Place;
  destination?: Place;
  rideType?: string;
};
/** How far the search for a taxi got: the drivers offered the call so far. */
export type SearchEvent = { callId: string; offeredTo: number; position: number };
export type OperatorTopic = 'calls' | 'drivers' | 'payments';
export type OperatorChange = { topics: OperatorTopic[] };
export type OfferClosed = { offerId: string; callId: string; driverId: string; reason: string };

/** How far a read model is behind the log, from the metrics endpoint (Prometheus text, not JSON). */
export type ProjectionLag = { name: string; behind: number; seconds: number };

/** A place with its coordinates, or null when the views masked them (an erased person's call). */
export const located = (place: { lat: number | null; lng: number | null; address: string }): Place | null =>
  place.lat === null || place.lng === null ? null : { lat: place.lat, lng: place.lng, address: place.address };
