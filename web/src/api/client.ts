import type * as T from './types.js';

/**
 * Every HTTP request of the console goes through this module: one function per API operation,
 * typed, so pages never see fetch, URLs or tokens. (At merge it delegates to the client generated
 * from the OpenAPI spec; the signatures stay.)
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
export const useToken = (value: string | null) => {
  token = value;
};
let onUnauthorized = () => {};
/** Told when the API refuses the token (expired, revoked): the console signs in again. */
export const whenUnauthorized = (handler: () => void) => {
  onUnauthorized = handler;
};

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

const request = async <R>(method: Method, path: string, body?: unknown): Promise<R> => {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
  const text = await res.text();
  const json: unknown = text ? safeJson(text) : null;
  if (res.status === 401 && token) onUnauthorized();
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? `HTTP_${res.status}`, error?.message ?? res.statusText);
  }
  return json as R;
};

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** Lists answer `{items, nextCursor}`; the first round answered bare arrays. */
const itemsOf = <I>(list: I[] | { items: I[] }): I[] => (Array.isArray(list) ? list : list.items);
const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => !!entry[1]));
  return search.size ? `?${search}` : '';
};
const id = encodeURIComponent;

export const api = {
  consoleConfig: () => request<T.ConsoleConfig>('GET', '/console-config.json'),
  mintDevToken: (role: T.Role, subject: string) => request<T.DevToken>('POST', '/api/dev/tokens', { role, subject }),

  // passenger
  requestCall: (pickup: T.Place, destination: T.Place, rideType: T.RideType) =>
    request<{ callId: string; status: T.CallStatus }>('POST', '/api/calls', { pickup, destination, rideType }),
  cancelCall: (callId: string) => request<{ status: T.CallStatus }>('POST', `/api/calls/${id(callId)}/cancel`, {}),
  call: (callId: string) => request<T.CallEntry>('GET', `/api/calls/${id(callId)}`),
  passengerCalls: async (passengerId: string) =>
    itemsOf(await request<T.CallEntry[] | { items: T.CallEntry[] }>('GET', `/api/passengers/${id(passengerId)}/calls`)),
  notifications: async (passengerId: string) =>
    itemsOf(await request<T.Notification[] | { items: T.Notification[] }>('GET', `/api/passengers/${id(passengerId)}/notifications`)),
  nearbyTaxis: (at: T.LatLng, rideType: T.RideType) =>
    request<T.NearbyTaxis>('GET', `/api/taxis/nearby${query({ lat: String(at.lat), lng: String(at.lng), rideType })}`),
  estimateFare: (pickup: T.Place, destination: T.Place, rideType: T.RideType) =>
    request<T.FareEstimate>('POST', '/api/fares/estimate', { pickup, destination, rideType }),

  // driver
  driver: (driverId: string) => request<T.DriverSummary>('GET', `/api/drivers/${id(driverId)}`),
  registerDriver: (name: string, vehicleNo: string) => request<{ driverId: string }>('POST', '/api/drivers', { name, vehicleNo }),
  goOnline: (driverId: string, location: T.LatLng) => request<unknown>('POST', `/api/drivers/${id(driverId)}/online`, { location }),
  goOffline: (driverId: string) => request<unknown>('POST', `/api/drivers/${id(driverId)}/offline`, {}),
  reportLocation: (driverId: string, location: T.LatLng) => request<unknown>('PUT', `/api/drivers/${id(driverId)}/location`, location),
  driverCalls: async (driverId: string) =>
    itemsOf(await request<T.OpenCall[] | { items: T.OpenCall[] }>('GET', `/api/drivers/${id(driverId)}/calls`)),
  driverRides: (driverId: string) => request<T.DriverRides>('GET', `/api/drivers/${id(driverId)}/rides`),
  acceptCall: (callId: string) => request<{ status: T.CallStatus }>('POST', `/api/calls/${id(callId)}/accept`, {}),
  declineCall: (callId: string) => request<unknown>('POST', `/api/calls/${id(callId)}/decline`, {}),
  startRide: (callId: string) => request<{ status: T.CallStatus }>('POST', `/api/calls/${id(callId)}/start`, {}),
  finishRide: (callId: string) => request<T.FinishResult>('POST', `/api/calls/${id(callId)}/finish`, {}),

  // operator
  calls: async (filters: T.CallFilters) =>
    itemsOf(await request<T.CallEntry[] | { items: T.CallEntry[] }>('GET', `/api/calls${query({ ...filters, limit: '100' })}`)),
  callHistory: async (callId: string) =>
    itemsOf(await request<T.HistoryEvent[] | { items: T.HistoryEvent[] }>('GET', `/api/calls/${id(callId)}/history`)),
  drivers: async () => itemsOf(await request<T.DriverSummary[] | { items: T.DriverSummary[] }>('GET', '/api/drivers?limit=100')),
  paymentsNeedingAttention: async () =>
    itemsOf(await request<T.PaymentItem[] | { items: T.PaymentItem[] }>('GET', '/api/payments?status=PENDING,FAILED')),
  retryPayment: (paymentId: string) => request<unknown>('POST', `/api/payments/${id(paymentId)}/retry`, {}),
  deadLetters: async () => itemsOf(await request<T.DeadLetter[] | { items: T.DeadLetter[] }>('GET', '/api/dead-letters')),
  replayDeadLetter: (deadLetterId: string) => request<unknown>('POST', `/api/dead-letters/${id(deadLetterId)}/replay`, {}),
  dailyReport: (from: string, to: string) => request<T.DailyReport>('GET', `/api/reports/daily${query({ from, to })}`),
  projectionLag: async (): Promise<T.ProjectionLag[]> => lagFromMetrics(await request<string>('GET', '/metrics')),
};

/** The read models' lag, from the Prometheus text the metrics endpoint serves. */
const lagFromMetrics = (text: string): T.ProjectionLag[] => {
  const lag: T.ProjectionLag[] = [];
  for (const line of String(text).split('\n')) {
    const match = /^\w*projection_lag\w*\{[^}]*(?:projection|name)="([^"]+)"[^}]*\}\s+([\d.e+-]+)/.exec(line);
    if (match?.[1] && match[2]) lag.push({ name: match[1], behind: Number(match[2]) });
  }
  return lag;
};

const stream = (path: string) => {
  const separator = path.includes('?') ? '&' : '?';
  return new EventSource(token ? `${path}${separator}access_token=${encodeURIComponent(token)}` : path);
};

const onJson = <D>(source: EventSource, event: string, handle: (data: D) => void) =>
  source.addEventListener(event, (message) => handle(JSON.parse((message as MessageEvent<string>).data) as D));

/** The call's status changes as they happen; returns the function that stops listening. */
export const watchCall = (callId: string, onStatus: (event: T.StatusEvent) => void) => {
  const source = stream(`/api/calls/${id(callId)}/events`);
  onJson(source, 'status', onStatus);
  return () => source.close();
};

/** Offers made to the driver and their ends; returns the function that stops listening. */
export const watchOffers = (driverId: string, handlers: { offer: (offer: T.Offer) => void; closed: (closed: T.OfferClosed) => void }) => {
  const source = stream(`/api/drivers/${id(driverId)}/offers`);
  onJson(source, 'offer', handlers.offer);
  onJson(source, 'offer-closed', handlers.closed);
  return () => source.close();
};
