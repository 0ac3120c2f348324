/** The shapes the console reads from the public API (see /work/shared/DOMAIN.md's contract). */
export type Role = 'passenger' | 'driver' | 'operator';
export type LatLng = { lat: number; lng: number };
export type Place = LatLng & { address: string };
export type RideType = 'STANDARD' | 'DELUXE' | 'VAN';
export const RIDE_TYPES: readonly RideType[] = ['STANDARD', 'DELUXE', 'VAN'];
export type CallStatus = 'REQUESTED' | 'DISPATCHED' | 'DRIVING' | 'FINISHED' | 'CANCELLED' | 'NO_DRIVER_FOUND';
export type PaymentStatus = 'PENDING' | 'APPROVED' | 'FAILED' | 'REFUNDED' | 'VOIDED';
export type Money = { amount: number; currency: string };

export type ConsoleConfig = {
  authMode: 'dev' | 'jwks';
  oidc: { authority: string; clientId: string; scope: string } | null;
  mapTilesUrl: string | null;
  serviceTimeZone: string;
};

export type DevToken = { token: string; role: Role; subject: string; expiresAt: string };

export type CallEntry = {
  callId: string;
  passengerId: string;
  pickup: Place;
  destination: Place;
  rideType: string;
  status: CallStatus;
  driverId: string | null;
  driver: { driverId: string; name: string; vehicleNo: string } | null;
  vehicleNo: string | null;
  requestedAt: string;
  acceptedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  fare: Money | null;
  paymentId: string | null;
  paymentStatus: PaymentStatus | null;
  /** Where the assigned taxi was last seen and its ETA to pickup (views round; absent before it). */
  taxi?: { location?: LatLng; lat?: number; lng?: number; etaSeconds?: number } | null;
  taxiPosition?: LatLng | null;
  etaSeconds?: number | null;
};

export type StatusEvent = { callId: string; status: CallStatus; paymentStatus: PaymentStatus | null; position: number; call: CallEntry };
export type Notification = { notificationId: string; callId: string; kind: string; status: string; message: string; createdAt: string };
export type OpenCall = {
  callId: string;
  passengerId: string;
  pickup: Place;
  destination: Place;
  rideType: string;
  requestedAt: string;
  distanceMeters: number | null;
};
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
export type OfferClosed = { offerId: string; callId: string; driverId: string; reason: string };
export type FinishResult = { status: 'FINISHED'; fare: Money; payment: { paymentId: string; status: PaymentStatus } };
export type NearbyTaxis = { count: number; taxis?: LatLng[]; positions?: LatLng[] };
export type FareEstimate = { amount: number; currency: string; distanceMeters: number; durationSeconds: number };
export type DriverSummary = {
  driverId: string;
  name: string;
  vehicleNo: string;
  status: 'ONLINE' | 'ON_RIDE' | 'OFFLINE';
  location: LatLng | null;
  currentCallId: string | null;
};
export type Ride = { callId: string; fare?: Money | null; finishedAt?: string | null; status?: string };
export type DriverRides = { items: Ride[]; todayEarnings: { day: string; amount: number; currency: string; rides: number } };
export type HistoryEvent = { position: number; stream: string; type: string; at: string; actor: { role: string; id: string } | null; data: unknown };
export type PaymentItem = {
  paymentId: string;
  callId: string;
  passengerId: string;
  status: PaymentStatus;
  amount: Money;
  attempts: number;
  lastReason: string | null;
  retryAt: string | null;
};
export type DeadLetter = { id: string; callId?: string; kind?: string; error?: string; lastError?: string; attempts?: number; createdAt?: string };
export type DailyReportDay = {
  day: string;
  requested: number;
  finished: number;
  cancelled: number;
  expiredWithoutDriver: number;
  revenue: Record<string, Money>;
  timeToAcceptSeconds: { median: number | null; p90: number | null };
  cancellationRate: number;
};
export type DailyReport = { timeZone: string; days: DailyReportDay[] };
export type ProjectionLag = { name: string; behind: number };
export type CallFilters = { status?: string; passengerId?: string; driverId?: string };
