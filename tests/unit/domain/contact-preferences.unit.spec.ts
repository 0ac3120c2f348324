import { type DriverEvent, driverDecider } from '../../../src/domain/driver/driver.js';
import { type PassengerEvent, passengerDecider } from '../../../src/domain/passenger/passenger.js';
import type { PreferenceChanges } from '../../../src/domain/shared/contact-preferences.js';
import { specification } from '../../support/given-when-then.js';

const at = '2026-12-07T09:00:00.000Z';
const passengerId = 'p-1';
const driverId = 'd-1';

const passenger = specification(passengerDecider);
const setPassenger = (changes: PreferenceChanges) => ({ type: 'SetPassengerPreferences' as const, data: { passengerId, changes, setAt: at } });
const booked: PassengerEvent = {
  type: 'PassengerContactRecorded',
  data: { passengerId, phone: '010-1234-5678', name: 'Lee', locale: 'ko', recordedAt: at },
};

const driver = specification(driverDecider);
const registered: DriverEvent = {
  type: 'DriverRegistered',
  data: { driverId, name: 'Kim', vehicleNo: '12가3456', rideTypes: ['STANDARD'], registeredAt: at },
};
const setDriver = (changes: PreferenceChanges) => ({ type: 'SetDriverPreferences' as const, data: { driverId, changes, setAt: at } });

describe('Contact preferences', () => {
  describe('a passenger', () => {
    it('records the language, channel and number chosen', () =>
      passenger
        .given([])
        .when(setPassenger({ locale: 'en', channel: 'sms', phone: '010-5555-1234' }))
        .then([{ type: 'PassengerPreferencesSet', data: { passengerId, locale: 'en', channel: 'sms', phone: '010-5555-1234', setAt: at } }]));
    it('keeps the booking’s number and language for the fields not sent', () =>
      passenger
        .given([booked])
        .when(setPassenger({ channel: 'sms' }))
        .then([{ type: 'PassengerPreferencesSet', data: { passengerId, locale: 'ko', channel: 'sms', phone: '010-1234-5678', setAt: at } }]));
    it('records nothing when the preferences are already so', () =>
      passenger
        .given([booked])
        .when(setPassenger({ locale: 'ko' }))
        .thenNothing());
    it('refuses AlimTalk without a number with PHONE_REQUIRED', () =>
      passenger
        .given([])
        .when(setPassenger({ channel: 'alimtalk' }))
        .thenThrows('PHONE_REQUIRED'));
  });

  describe('a driver', () => {
    it('records the channel of a registered driver', () =>
      driver
        .given([registered])
        .when(setDriver({ channel: 'alimtalk', phone: '010-9876-5432' }))
        .then([{ type: 'DriverPreferencesSet', data: { driverId, locale: null, channel: 'alimtalk', phone: '010-9876-5432', setAt: at } }]));
    it('refuses an unknown driver with DRIVER_NOT_FOUND', () =>
      driver
        .given([])
        .when(setDriver({ locale: 'en' }))
        .thenThrows('DRIVER_NOT_FOUND'));
    it('refuses SMS without a number with PHONE_REQUIRED', () =>
      driver
        .given([registered])
        .when(setDriver({ channel: 'sms' }))
        .thenThrows('PHONE_REQUIRED'));
  });
});
