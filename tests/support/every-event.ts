import type { LogEvent, LogEventType } from '../../src/domain/events.js';
import { REFERENCE_TARIFF } from '../../src/domain/driving/fare.js';
import { gangnam, seoulStation } from './recorded.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 10, minute)).toISOString();
const requested = (callId: string, passengerId: string, minute: number) =>
  ({
    type: 'CallRequested',
    data: { callId, passengerId, pickup: seoulStation, destination: gangnam, rideType: 'STANDARD', requestedAt: at(minute) },
  }) satisfies LogEvent;

/** A ride from request to approved payment; typed by its literals, so the check below sees each type. */
const wholeRide = (callId: string, passengerId: string, driverId: string, minute: number) =>
  [
    requested(callId, passengerId, minute),
    { type: 'DriverAssigned', data: { driverId, callId, at: at(minute + 1) } },
    { type: 'DriverAccepted', data: { callId, driverId, driverName: 'Kim', vehicleNo: '12가3456', acceptedAt: at(minute + 1) } },
    { type: 'CallDispatched', data: { callId, driverId, vehicleNo: '12가3456', dispatchedAt: at(minute + 1) } },
    { type: 'DispatchCompleted', data: { callId, passengerId, driverId, completedAt: at(minute + 2) } },
    { type: 'RideStarted', data: { callId, passengerId, driverId, startedAt: at(minute + 2) } },
    {
      type: 'RideFinished',
      data: {
        callId,
        passengerId,
        driverId,
        startedAt: at(minute + 2),
        finishedAt: at(minute + 3),
        durationSeconds: 60,
        fare: { amount: 1000, currency: 'KRW' },
      },
    },
    {
      type: 'PaymentRequested',
      data: { paymentId: `pay-${callId}`, callId, passengerId, amount: { amount: 1000, currency: 'KRW' }, requestedAt: at(minute + 3) },
    },
  ] satisfies LogEvent[];

/**
 * A day of the log in which every event type occurs at least once, in an order the write side
 * could produce: two whole rides (one rated, one paid late, failed, retried and waived), a call
 * offered, declined, expired and withdrawn until nobody is left, a call cancelled before any
 * driver, a tariff change, a suspended ride type and an erased passenger. A reader's idempotence
 * is only proved on the events it sees, so a new event type must be added here (the compiler says so).
 */
const events = [
  { type: 'TariffSet', data: { rideType: 'STANDARD', tariff: REFERENCE_TARIFF, setAt: at(0), version: 1 } },
  {
    type: 'DriverRegistered',
    data: { driverId: 'd-1', name: 'Kim', vehicleNo: '12가3456', rideTypes: ['STANDARD'], registeredAt: at(0) },
  },
  { type: 'DriverRegistered', data: { driverId: 'd-2', name: 'Lee', vehicleNo: '34나5678', rideTypes: ['STANDARD'], registeredAt: at(0) } },
  { type: 'DriverWentOnline', data: { driverId: 'd-1', location: { lat: 37.55, lng: 126.97 }, at: at(1) } },
  { type: 'DriverWentOnline', data: { driverId: 'd-2', location: { lat: 37.56, lng: 126.98 }, at: at(1) } },
  { type: 'PassengerCallOpened', data: { passengerId: 'p-1', callId: 'call-1', openedAt: at(2) } },
  ...wholeRide('call-1', 'p-1', 'd-1', 2),
  { type: 'PaymentApproved', data: { paymentId: 'pay-call-1', callId: 'call-1', gatewayReference: 'ch_1', approvedAt: at(5) } },
  { type: 'DriverReleased', data: { driverId: 'd-1', callId: 'call-1', reason: 'RIDE_FINISHED', at: at(3) } },
  { type: 'CallCompleted', data: { callId: 'call-1', completedAt: at(3) } },
  { type: 'RideRated', data: { callId: 'call-1', passengerId: 'p-1', driverId: 'd-1', stars: 4, ratedAt: at(4) } },
  // call-2: offered to d-2 (declined), to d-1 (expired), to d-2 again (withdrawn): nobody is left.
  requested('call-2', 'p-2', 5),
  { type: 'CallOffered', data: { callId: 'call-2', driverId: 'd-2', offerId: 'o-1', offeredAt: at(5), expiresAt: at(6) } },
  { type: 'OfferDeclined', data: { callId: 'call-2', driverId: 'd-2', offerId: 'o-1', declinedAt: at(5) } },
  { type: 'CallOffered', data: { callId: 'call-2', driverId: 'd-1', offerId: 'o-2', offeredAt: at(5), expiresAt: at(6) } },
  { type: 'OfferExpired', data: { callId: 'call-2', driverId: 'd-1', offerId: 'o-2', expiredAt: at(6) } },
  { type: 'CallOffered', data: { callId: 'call-2', driverId: 'd-3', offerId: 'o-3', offeredAt: at(6), expiresAt: at(7) } },
  {
    type: 'OfferWithdrawn',
    data: { callId: 'call-2', driverId: 'd-3', offerId: 'o-3', reason: 'DRIVER_UNAVAILABLE', withdrawnAt: at(6) },
  },
  { type: 'DispatchExpired', data: { callId: 'call-2', reason: 'NO_DRIVER_FOUND', offerId: 'o-3', expiredAt: at(7) } },
  { type: 'CallExpired', data: { callId: 'call-2', reason: 'NO_DRIVER_FOUND', expiredAt: at(7) } },
  // call-3: cancelled by the passenger before any driver took it.
  requested('call-3', 'p-3', 8),
  { type: 'DispatchCancelled', data: { callId: 'call-3', driverId: null, reason: 'changed plans', cancelledBy: 'passenger', cancelledAt: at(9) } },
  { type: 'CallCancelled', data: { callId: 'call-3', reason: 'changed plans', cancelledBy: 'passenger', cancelledAt: at(9) } },
  // call-4: a whole ride whose payment is deferred, fails, is paid again and finally waived.
  ...wholeRide('call-4', 'p-4', 'd-2', 9),
  {
    type: 'PaymentDeferred',
    data: { paymentId: 'pay-call-4', callId: 'call-4', reason: 'gateway down', attempt: 1, retryAt: at(13), deferredAt: at(12) },
  },
  { type: 'PaymentFailed', data: { paymentId: 'pay-call-4', callId: 'call-4', reason: 'card declined', failedAt: at(13) } },
  {
    type: 'PaymentRetried',
    data: { paymentId: 'pay-call-4', callId: 'call-4', retry: 1, idempotencyKey: 'pay-call-4-r1', retriedAt: at(14) },
  },
  { type: 'PaymentFailed', data: { paymentId: 'pay-call-4', callId: 'call-4', reason: 'card declined', failedAt: at(15) } },
  { type: 'PaymentWaived', data: { paymentId: 'pay-call-4', callId: 'call-4', waivedBy: 'ops-1', reason: 'goodwill', waivedAt: at(16) } },
  { type: 'DriverReleased', data: { driverId: 'd-2', callId: 'call-4', reason: 'RIDE_FINISHED', at: at(12) } },
  { type: 'RideRated', data: { callId: 'call-4', passengerId: 'p-4', driverId: 'd-2', stars: 2, ratedAt: at(17) } },
  // call-5: accepted, then cancelled by an operator; its pending payment is voided, call-1's refunded.
  requested('call-5', 'p-5', 18),
  { type: 'DriverAssigned', data: { driverId: 'd-1', callId: 'call-5', at: at(18) } },
  { type: 'DriverAccepted', data: { callId: 'call-5', driverId: 'd-1', driverName: 'Kim', vehicleNo: '12가3456', acceptedAt: at(18) } },
  { type: 'CallDispatched', data: { callId: 'call-5', driverId: 'd-1', vehicleNo: '12가3456', dispatchedAt: at(18) } },
  { type: 'DispatchCancelled', data: { callId: 'call-5', driverId: 'd-1', reason: 'no show', cancelledBy: 'operator', cancelledAt: at(19) } },
  { type: 'DriverReleased', data: { driverId: 'd-1', callId: 'call-5', reason: 'CALL_CANCELLED', cancelledBy: 'operator', at: at(19) } },
  { type: 'CallCancelled', data: { callId: 'call-5', reason: 'no show', cancelledBy: 'operator', cancelledAt: at(19) } },
  {
    type: 'PaymentRequested',
    data: { paymentId: 'pay-call-5', callId: 'call-5', passengerId: 'p-5', amount: { amount: 1000, currency: 'KRW' }, requestedAt: at(19) },
  },
  { type: 'PaymentVoidRequested', data: { paymentId: 'pay-call-5', callId: 'call-5', reason: 'call cancelled', requestedAt: at(19) } },
  { type: 'PaymentVoided', data: { paymentId: 'pay-call-5', callId: 'call-5', reason: 'call cancelled', voidedAt: at(20) } },
  { type: 'PaymentRefunded', data: { paymentId: 'pay-call-1', callId: 'call-1', gatewayReference: 're_1', refundedAt: at(21) } },
  { type: 'RideTypeSuspended', data: { rideType: 'VAN', reason: 'no vans tonight', suspendedAt: at(22) } },
  { type: 'RideTypeResumed', data: { rideType: 'VAN', resumedAt: at(23) } },
  { type: 'PersonalDataErased', data: { kind: 'passenger', personId: 'p-3', erasedAt: at(24) } },
  { type: 'DriverWentOffline', data: { driverId: 'd-1', at: at(25) } },
  // call-6: still open at the end of the day, offered to d-2.
  requested('call-6', 'p-6', 26),
  { type: 'CallOffered', data: { callId: 'call-6', driverId: 'd-2', offerId: 'o-4', offeredAt: at(26), expiresAt: at(27) } },
  // call-7: a phone booking; its driver arrives, then gives the call back, and it is open again.
  { type: 'PassengerContactRecorded', data: { passengerId: 'p-7', phone: '010-5555-1234', name: 'Lee', locale: 'ko', recordedAt: at(28) } },
  requested('call-7', 'p-7', 28),
  { type: 'DriverAssigned', data: { driverId: 'd-3', callId: 'call-7', at: at(29) } },
  { type: 'DriverAccepted', data: { callId: 'call-7', driverId: 'd-3', driverName: 'Choi', vehicleNo: '34나5678', acceptedAt: at(29) } },
  { type: 'DriverArrived', data: { callId: 'call-7', driverId: 'd-3', arrivedAt: at(30) } },
  { type: 'DispatchReleased', data: { callId: 'call-7', driverId: 'd-3', reason: 'car trouble', releasedBy: 'driver', releasedAt: at(31) } },
  {
    type: 'CallReleased',
    data: {
      callId: 'call-7',
      passengerId: 'p-7',
      pickup: seoulStation,
      destination: gangnam,
      rideType: 'STANDARD',
      driverId: 'd-3',
      reason: 'car trouble',
      releasedAt: at(31),
      requestedAt: at(28),
      excludedDriverIds: ['d-3'],
    },
  },
  { type: 'DriverReleased', data: { driverId: 'd-3', callId: 'call-7', reason: 'CALL_RELEASED', at: at(31) } },
  // How p-7 and d-3 want to be reached.
  { type: 'PassengerPreferencesSet', data: { passengerId: 'p-7', locale: 'ko', channel: 'alimtalk', phone: '010-5555-1234', setAt: at(31) } },
  { type: 'DriverPreferencesSet', data: { driverId: 'd-3', locale: 'ko', channel: 'sms', phone: '010-7777-5678', setAt: at(31) } },
  // What p-2 owed, noted on their stream and settled.
  { type: 'RideLeftUnpaid', data: { passengerId: 'p-2', callId: 'call-2', paymentId: 'pay-call-2', seen: 3, at: at(32) } },
  {
    type: 'UnpaidRideSettled',
    data: { passengerId: 'p-2', callId: 'call-2', paymentId: 'pay-call-2', settledAs: 'WAIVED', seen: 4, at: at(33) },
  },
] satisfies LogEvent[];

type Missing = Exclude<LogEventType, (typeof events)[number]['type']>;
/** Fails to compile, naming the type, when an event type of the log is missing above. */
const everyTypeIsThere: [Missing] extends [never] ? true : Missing = true;

export const everyEventType: LogEvent[] = everyTypeIsThere ? events : [];
