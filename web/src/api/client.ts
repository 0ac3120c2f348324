import type { Middleware } from 'openapi-fetch';
import { createTaxiClient } from '../../../client/index.js';
import { language } from '../i18n.js';
import type * as T from './types.js';

/**
 * Every HTTP request of the console goes through this module: one function per API operation,
 * typed, so pages never see fetch, URLs or tokens. JSON requests go through the client generated
 * from the OpenAPI spec (client/), so paths, bodies and answers are checked against the spec.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** The endpoint does not exist on this server (an older or partial deployment). */
  get notAvailable() {
    return this.status === 404 && this.code === 'ROUTE_NOT_FOUND';
  }
}

let token: string | null = null;
export const setToken = (value: string | null) => {
  token = value;
};
let onUnauthorized = () => {};
/** Told when the API refuses the token (expired, revoked): the console signs in again. */
export const whenUnauthorized = (handler: () => void) => {
  onUnauthorized = handler;
};

/** The bearer token when signed in; a refused token signs the console out. */
const session: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept', 'application/json');
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has('Authorization')) onUnauthorized();
    return response;
  },
};

const taxi = createTaxiClient(globalThis.location?.origin ?? '');
taxi.use(session);

type Answer<D> = { data?: D; error?: unknown; response: Response };

/** The answer's body, or an ApiError with the code of the API's error body. */
const ok = async <D>(pending: Promise<Answer<D>>): Promise<D> => {
  const { data, error, response } = await pending;
  if (!response.ok) {
    const body = (error as { error?: { code?: string; message?: string } } | null | undefined)?.error;
    throw new ApiError(response.status, body?.code ?? `HTTP_${response.status}`, body?.message ?? response.statusText);
  }
  return data as D;
};

/** Lists answer `{items, nextCursor}`; older servers answered bare arrays, still read during a rolling update. */
const itemsOf = <I>(list: I[] | { items: I[] }): I[] => (Array.isArray(list) ? list : list.items);
/** Drops empty filters (the form's "any"). */
const present = <P extends Record<string, string | number | undefined>>(params: P): P =>
  Object.fromEntries(Object.entries(params).filter((entry) => entry[1] !== undefined && entry[1] !== '')) as P;

const callId = (id: string) => ({ params: { path: { callId: id } } });
const driverId = (id: string) => ({ params: { path: { driverId: id } } });
const passengerId = (id: string) => ({ params: { path: { passengerId: id } } });

export const api = {
  consoleConfig: (): Promise<T.ConsoleConfig> => ok(taxi.GET('/console-config.json')),
  mintDevToken: (role: T.Role, subject: string): Promise<T.DevToken> => ok(taxi.POST('/api/dev/tokens', { body: { role, subject } })),

  // passenger
  requestCall: (pickup: T.Place, destination: T.Place, rideType: T.RideType) =>
    // The passenger is told in the language they read the console in.
    ok(taxi.POST('/api/calls', { body: { pickup, destination, rideType, locale: language } })),
  cancelCall: (id: string, reason?: string) => ok(taxi.POST('/api/calls/{callId}/cancel', { ...callId(id), body: reason ? { reason } : {} })),
  call: (id: string): Promise<T.CallEntry> => ok(taxi.GET('/api/calls/{callId}', callId(id))),
  passengerCalls: async (id: string): Promise<T.CallEntry[]> => itemsOf(await ok(taxi.GET('/api/passengers/{passengerId}/calls', passengerId(id)))),
  notifications: async (id: string): Promise<T.Notification[]> =>
    itemsOf(await ok(taxi.GET('/api/passengers/{passengerId}/notifications', passengerId(id)))),
  receipt: (id: string): Promise<T.Receipt> => ok(taxi.GET('/api/calls/{callId}/receipt', callId(id))),
  rate: (id: string, stars: number) => ok(taxi.POST('/api/calls/{callId}/rating', { ...callId(id), body: { stars } })),
  nearbyTaxis: (at: T.LatLng, rideType: T.RideType): Promise<T.NearbyTaxis> =>
    ok(taxi.GET('/api/taxis/nearby', { params: { query: { lat: at.lat, lng: at.lng, rideType } } })),
  estimateFare: (pickup: T.Place, destination: T.Place, rideType: T.RideType): Promise<T.FareEstimate> =>
    ok(taxi.POST('/api/fares/estimate', { body: { pickup, destination, rideType } })),

  // driver
  driver: (id: string): Promise<T.DriverSummary> => ok(taxi.GET('/api/drivers/{driverId}', driverId(id))),
  registerDriver: (name: string, vehicleNo: string) => ok(taxi.POST('/api/drivers', { body: { name, vehicleNo } })),
  goOnline: (id: string, location: T.LatLng) => ok(taxi.POST('/api/drivers/{driverId}/online', { ...driverId(id), body: { location } })),
  goOffline: (id: string) => ok(taxi.POST('/api/drivers/{driverId}/offline', driverId(id))),
  reportLocation: (id: string, location: T.LatLng) => ok(taxi.PUT('/api/drivers/{driverId}/location', { ...driverId(id), body: location })),
  driverCalls: async (id: string): Promise<T.OpenCall[]> => itemsOf(await ok(taxi.GET('/api/drivers/{driverId}/calls', driverId(id)))),
  driverRides: (id: string): Promise<T.DriverRides> => ok(taxi.GET('/api/drivers/{driverId}/rides', driverId(id))),
  acceptCall: (id: string) => ok(taxi.POST('/api/calls/{callId}/accept', { ...callId(id), body: {} })),
  declineCall: (id: string) => ok(taxi.POST('/api/calls/{callId}/decline', { ...callId(id), body: {} })),
  arrive: (id: string) => ok(taxi.POST('/api/calls/{callId}/arrive', { ...callId(id), body: {} })),
  releaseCall: (id: string, reason: string) => ok(taxi.POST('/api/calls/{callId}/release', { ...callId(id), body: { reason } })),
  startRide: (id: string) => ok(taxi.POST('/api/calls/{callId}/start', { ...callId(id), body: {} })),
  finishRide: (id: string): Promise<T.FinishResult> => ok(taxi.POST('/api/calls/{callId}/finish', { ...callId(id), body: {} })),

  // operator
  calls: async (filters: T.CallFilters): Promise<T.CallEntry[]> =>
    itemsOf(await ok(taxi.GET('/api/calls', { params: { query: present({ ...filters, limit: 100 }) } }))),
  callHistory: async (id: string): Promise<T.HistoryEvent[]> => itemsOf(await ok(taxi.GET('/api/calls/{callId}/history', callId(id)))),
  drivers: async (): Promise<T.DriverSummary[]> => itemsOf(await ok(taxi.GET('/api/drivers', { params: { query: { limit: 100 } } }))),
  paymentsNeedingAttention: async (): Promise<T.PaymentItem[]> =>
    itemsOf(await ok(taxi.GET('/api/payments', { params: { query: { status: 'PENDING,FAILED' } } }))),
  retryPayment: (paymentId: string) => ok(taxi.POST('/api/payments/{paymentId}/retry', { params: { path: { paymentId } } })),
  deadLetters: async (): Promise<T.DeadLetter[]> => itemsOf(await ok(taxi.GET('/api/dead-letters'))),
  replayDeadLetter: (deadLetterId: string) => ok(taxi.POST('/api/dead-letters/{id}/replay', { params: { path: { id: deadLetterId } } })),
  book: (body: T.Booking) => ok(taxi.POST('/api/bookings', { body })),
  assign: (id: string, driverId: string, reason?: string) =>
    ok(taxi.POST('/api/calls/{callId}/assign', { ...callId(id), body: reason ? { driverId, reason } : { driverId } })),
  forceFinish: (id: string, reason: string, amount?: number) =>
    ok(taxi.POST('/api/calls/{callId}/force-finish', { ...callId(id), body: amount === undefined ? { reason } : { reason, fare: { amount } } })),
  setDriverOffline: (id: string) => ok(taxi.POST('/api/drivers/{driverId}/offline', driverId(id))),
  attention: async (): Promise<T.AttentionItem[]> => itemsOf(await ok(taxi.GET('/api/attention'))),
  dailyReport: (from: string, to: string): Promise<T.DailyReport> => ok(taxi.GET('/api/reports/daily', { params: { query: present({ from, to }) } })),
  projectionLag: async (): Promise<T.ProjectionLag[]> => lagFromMetrics(await ok(taxi.GET('/metrics', { parseAs: 'text' }))),
};

/**
 * The read models' lag, from the Prometheus text the metrics endpoint serves: one entry per
 * projection, with the events it has not applied yet (`*_projection_lag_events`) and the age of
 * the oldest of them (`*_projection_lag_seconds`).
 */
export const lagFromMetrics = (text: string): T.ProjectionLag[] => {
  const byName = new Map<string, T.ProjectionLag>();
  for (const line of String(text).split('\n')) {
    const match = /^\w*projection_lag_(events|seconds)\{[^}]*(?:projection|name)="([^"]+)"[^}]*\}\s+([\d.e+-]+)/.exec(line);
    if (!match?.[1] || !match[2] || !match[3]) continue;
    const entry = byName.get(match[2]) ?? { name: match[2], behind: 0, seconds: 0 };
    if (match[1] === 'events') entry.behind = Number(match[3]);
    else entry.seconds = Number(match[3]);
    byName.set(match[2], entry);
  }
  return [...byName.values()];
};

const RECONNECT_AFTER_MS = 1_000;
/** Each event's handler, by event name; each is given the event's JSON data. */
type StreamHandlers = Record<string, (data: never) => void>;

/**
 * A live stream whose URL carries a single-use ticket (POST /api/stream-tickets), never the bearer
 * token: a URL ends up in logs and histories. EventSource reconnects by itself with the same URL,
 * which a spent ticket would refuse, so after an error the source is closed and opened again with
 * a fresh ticket, resuming after the last event id it saw. Returns the function that stops it.
 */
const stream = (path: string, handlers: StreamHandlers): (() => void) => {
  let source: EventSource | null = null;
  let lastEventId = '';
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const reconnect = () => {
    if (!stopped) retry = setTimeout(() => void open(), RECONNECT_AFTER_MS);
  };
  const open = async () => {
    const query = new URLSearchParams(lastEventId ? { lastEventId } : {});
    try {
      if (token) query.set('ticket', (await ok(taxi.POST('/api/stream-tickets'))).ticket);
    } catch (error) {
      // A refused token signs the console out (the session middleware); anything else is retried.
      if (!(error instanceof ApiError && error.status === 401)) reconnect();
      return;
    }
    if (stopped) return;
    const search = query.toString();
    const opened = new EventSource(search ? `${path}?${search}` : path);
    for (const [event, handle] of Object.entries(handlers)) {
      opened.addEventListener(event, (message) => {
        const { data, lastEventId: id } = message as MessageEvent<string>;
        if (id) lastEventId = id;
        handle(JSON.parse(data) as never);
      });
    }
    opened.onerror = () => {
      opened.close();
      reconnect();
    };
    source = opened;
  };
  void open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    source?.close();
  };
};

const id = encodeURIComponent;

/** The call's status changes and the search's progress as they happen; returns the function that stops listening. */
export const watchCall = (callId: string, handlers: { status: (event: T.StatusEvent) => void; search: (event: T.SearchEvent) => void }) =>
  stream(`/api/calls/${id(callId)}/events`, handlers);

/** Which of the operator's lists changed (each message names them); returns the function that stops listening. */
export const watchOperator = (onChanged: (change: T.OperatorChange) => void) => stream('/api/operator/events', { changed: onChanged });

/** Offers made to the driver and their ends; returns the function that stops listening. */
export const watchOffers = (driverId: string, handlers: { offer: (offer: T.Offer) => void; closed: (closed: T.OfferClosed) => void }) =>
  stream(`/api/drivers/${id(driverId)}/offers`, { offer: handlers.offer, 'offer-closed': handlers.closed });
