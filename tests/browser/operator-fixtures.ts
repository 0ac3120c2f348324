/**
 * Answers of the operator's list endpoints, shaped as their exported zod schemas say
 * (views.schemas.ts, payments.schemas.ts), for checking the operator page against the contract
 * on a server that does not have them yet.
 */
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
const place = (address: string, lat: number, lng: number) => ({ address, lat, lng });

const entry = (callId: string, status: string, driver: { driverId: string; name: string; vehicleNo: string } | null, minutesAgo: number) => ({
  callId,
  passengerId: `p-${callId}`,
  pickup: place('Seoul Station', 37.5547, 126.9707),
  destination: place('COEX', 37.5116, 127.0595),
  rideType: 'STANDARD',
  status,
  driverId: driver?.driverId ?? null,
  driver,
  vehicleNo: driver?.vehicleNo ?? null,
  requestedAt: at(minutesAgo),
  acceptedAt: driver ? at(minutesAgo - 1) : null,
  startedAt: null,
  finishedAt: status === 'FINISHED' ? at(minutesAgo - 20) : null,
  cancelledAt: null,
  cancelReason: null,
  fare: status === 'FINISHED' ? { amount: 14000, currency: 'KRW' } : null,
  paymentId: status === 'FINISHED' ? `pay-${callId}` : null,
  paymentStatus: status === 'FINISHED' ? 'PENDING' : null,
  payment: status === 'FINISHED' ? { paymentId: `pay-${callId}`, status: 'PENDING' } : null,
  position: 10,
  updatedAt: at(0),
});

const lee = { driverId: 'd-lee', name: 'Lee', vehicleNo: 'SEOUL 34-5678' };
export const CALLS = [
  entry('call-dispatched', 'DISPATCHED', lee, 3),
  entry('call-open', 'REQUESTED', null, 1),
  entry('call-done', 'FINISHED', lee, 60),
];

export const DRIVERS = [
  {
    driverId: 'd-lee',
    name: 'Lee',
    vehicleNo: lee.vehicleNo,
    rideTypes: ['STANDARD'],
    status: 'ON_RIDE',
    currentCallId: 'call-dispatched',
    location: { lat: 37.56, lng: 126.98 },
    updatedAt: at(0),
  },
  {
    driverId: 'd-park',
    name: 'Park',
    vehicleNo: 'SEOUL 56-7890',
    rideTypes: ['STANDARD'],
    status: 'ONLINE',
    currentCallId: null,
    location: { lat: 37.52, lng: 127.03 },
    updatedAt: at(0),
  },
];

export const HISTORY = [
  { position: 1, stream: 'call-call-dispatched', type: 'CallRequested', at: at(3), actor: { role: 'passenger', id: 'p-1' }, data: {} },
  { position: 2, stream: 'dispatch-call-dispatched', type: 'DriverAccepted', at: at(2), actor: { role: 'driver', id: 'd-lee' }, data: {} },
];

export const PAYMENTS = [
  {
    paymentId: 'pay-call-done',
    callId: 'call-done',
    passengerId: 'p-call-done',
    amount: { amount: 14000, currency: 'KRW' },
    status: 'PENDING',
    attempts: 2,
    lastReason: 'GATEWAY_UNAVAILABLE',
    retryAt: at(-1),
    requestedAt: at(40),
    updatedAt: at(1),
    position: 9,
  },
];

const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
export const REPORT = {
  timeZone: 'Asia/Seoul',
  days: [2, 1, 0].map((offset, index) => ({
    day: day(offset),
    requested: 40 + index * 10,
    finished: 30 + index * 8,
    cancelled: 4 + index,
    expiredWithoutDriver: 1,
    revenue: { STANDARD: { amount: 300000 + index * 50000, currency: 'KRW' }, DELUXE: { amount: 120000, currency: 'KRW' } },
    timeToAcceptSeconds: { median: 18 + index, p90: 45 },
    cancellationRate: 0.1,
  })),
};
