import { type CallEvent, callDecider } from '../../../src/domain/call/call.js';
import { type DriverEvent, driverDecider } from '../../../src/domain/driver/driver.js';
import { type DrivingEvent, drivingDecider } from '../../../src/domain/driving/driving.js';
import { REFERENCE_TARIFF } from '../../../src/domain/driving/fare.js';
import { type PassengerEvent, passengerDecider } from '../../../src/domain/passenger/passenger.js';
import { specification } from '../../support/given-when-then.js';

const callId = 'call-1';
const at = '2025-01-01T10:00:00.000Z';
const later = '2025-01-01T10:05:00.000Z';
const pickup = { lat: 37.5665, lng: 126.978, address: 'Seoul City Hall' };
const destination = { lat: 37.5512, lng: 126.9882, address: 'N Seoul Tower' };
const requested: CallEvent = {
  type: 'CallRequested',
  data: { callId, passengerId: 'p-1', pickup, destination, rideType: 'STANDARD', requestedAt: at },
};
const dispatched = (driverId: string, replaces?: string): CallEvent => ({
  type: 'CallDispatched',
  data: { callId, driverId, vehicleNo: `V-${driverId}`, dispatchedAt: at, ...(replaces ? { replaces } : {}) },
});
const releaseCall = (driverId: string) => ({ type: 'ReleaseCall' as const, data: { callId, driverId, reason: 'flat tyre', releasedAt: later } });
const callReleased = (driverId: string, excludedDriverIds: string[]): CallEvent => ({
  type: 'CallReleased',
  data: {
    callId,
    passengerId: 'p-1',
    pickup,
    destination,
    rideType: 'STANDARD',
    requestedAt: at,
    driverId,
    reason: 'flat tyre',
    releasedAt: later,
    excludedDriverIds,
  },
});

describe('Call, given back and reassigned', () => {
  const { given } = specification(callDecider);

  it('goes back to matching when its driver gives it back, repeating where and what for the readers', () => {
    given([requested, dispatched('d-1')])
      .when(releaseCall('d-1'))
      .then([callReleased('d-1', ['d-1'])]);
  });

  it('names every driver who gave it back', () => {
    given([requested, dispatched('d-1'), callReleased('d-1', ['d-1']), dispatched('d-2')])
      .when(releaseCall('d-2'))
      .then([callReleased('d-2', ['d-1', 'd-2'])]);
  });

  it('ignores a late release of a driver it no longer has', () => {
    given([requested, dispatched('d-2')])
      .when(releaseCall('d-1'))
      .thenNothing();
  });

  it('takes the driver an operator chose in place of the one it had', () => {
    given([requested, dispatched('d-1')])
      .when({ type: 'MarkCallDispatched', data: dispatched('d-7', 'd-1').data as never })
      .then([dispatched('d-7', 'd-1')]);
  });

  it('ignores a late repeat of an older dispatch once reassigned', () => {
    given([requested, dispatched('d-1'), dispatched('d-7', 'd-1')])
      .when({ type: 'MarkCallDispatched', data: dispatched('d-1').data as never })
      .thenNothing();
  });
});

describe('Driver, chosen by an operator', () => {
  const { given } = specification(driverDecider);
  const history: DriverEvent[] = [
    { type: 'DriverRegistered', data: { driverId: 'd-1', name: 'Kim', vehicleNo: 'V-1', rideTypes: ['STANDARD'], registeredAt: at } },
    { type: 'DriverWentOnline', data: { driverId: 'd-1', location: pickup, at } },
  ];
  const assign = (lastSeenAt: string | null) => ({
    type: 'AssignDriver' as const,
    data: { driverId: 'd-1', callId, at: later },
    presence: { lastSeenAt, staleAfterMs: 30_000 },
  });

  it('refuses a driver silent for longer than the threshold with DRIVER_AWAY', () => {
    given(history).when(assign('2025-01-01T10:04:29.000Z')).thenThrows('DRIVER_AWAY');
  });

  it('takes a driver heard from recently', () => {
    given(history)
      .when(assign('2025-01-01T10:04:31.000Z'))
      .then([{ type: 'DriverAssigned', data: { driverId: 'd-1', callId, at: later } }]);
  });
});

describe('Driving, finished by an operator', () => {
  const { given } = specification(drivingDecider);
  const started: DrivingEvent = { type: 'RideStarted', data: { callId, passengerId: 'p-1', driverId: 'd-1', startedAt: at } };
  const finish = (fare?: { amount: number; currency: string }) => ({
    type: 'FinishRide' as const,
    data: { callId, driverId: 'd-1', finishedAt: later, tariff: REFERENCE_TARIFF },
    forced: { reason: 'driver app crashed', ...(fare ? { fare } : {}) },
  });
  const finished = (amount: number, fareEntered: boolean): DrivingEvent => ({
    type: 'RideFinished',
    data: {
      callId,
      passengerId: 'p-1',
      driverId: 'd-1',
      startedAt: at,
      finishedAt: later,
      durationSeconds: 300,
      fare: { amount, currency: 'KRW' },
      forced: { reason: 'driver app crashed', fareEntered },
    },
  });

  it('prices the ride from the meter and records why', () => {
    given([started])
      .when(finish())
      .then([finished(5_000, false)]);
  });

  it('charges the fare the operator entered', () => {
    given([started])
      .when(finish({ amount: 12_300, currency: 'KRW' }))
      .then([finished(12_300, true)]);
  });
});

describe('Passenger contact, recorded by the centre', () => {
  const { given } = specification(passengerDecider);
  const record = {
    type: 'RecordPassengerContact' as const,
    data: { passengerId: 'p-1', phone: '+821012345678', name: 'Lee', locale: 'ko', recordedAt: at },
  };
  const recorded: PassengerEvent = { type: 'PassengerContactRecorded', data: record.data };

  it('records the phone the first time', () => {
    given([]).when(record).then([recorded]);
  });

  it('records nothing when the same contact is booked again', () => {
    given([recorded])
      .when({ ...record, data: { ...record.data, recordedAt: later } })
      .thenNothing();
  });
});
