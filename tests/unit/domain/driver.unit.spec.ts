import { expect } from 'chai';
import {
  type AssignDriver,
  type DriverEvent,
  type GoOffline,
  type GoOnline,
  type RegisterDriver,
  type ReleaseDriver,
  driverDecider,
} from '../../../src/domain/driver/driver.js';
import { fold } from '../../../src/domain/shared/decider.js';
import { specification } from '../../support/given-when-then.js';

const { given } = specification(driverDecider);

const driverId = 'd-1';
const at = '2025-01-01T10:00:00.000Z';

const register: RegisterDriver = {
  type: 'RegisterDriver',
  data: { driverId, name: 'Kim', vehicleNo: '12가3456', rideTypes: ['STANDARD'], registeredAt: at },
};
const registered: DriverEvent = { type: 'DriverRegistered', data: register.data };
const goOnline: GoOnline = { type: 'GoOnline', data: { driverId, location: { lat: 37.5665, lng: 126.978 }, at } };
const wentOnline: DriverEvent = { type: 'DriverWentOnline', data: goOnline.data };
const goOffline: GoOffline = { type: 'GoOffline', data: { driverId, at } };
const wentOffline: DriverEvent = { type: 'DriverWentOffline', data: goOffline.data };
const assign = (callId: string): AssignDriver => ({ type: 'AssignDriver', data: { driverId, callId, at } });
const assigned = (callId: string): DriverEvent => ({ type: 'DriverAssigned', data: assign(callId).data });
const release = (callId: string): ReleaseDriver => ({ type: 'ReleaseDriver', data: { driverId, callId, reason: 'RIDE_FINISHED', at } });
const released = (callId: string): DriverEvent => ({ type: 'DriverReleased', data: release(callId).data });

describe('Driver', () => {
  describe('when the driver is unknown', () => {
    it('registers the driver', () => {
      given([]).when(register).then([registered]);
    });

    it('refuses an assignment with DRIVER_NOT_FOUND', () => {
      given([]).when(assign('call-1')).thenThrows('DRIVER_NOT_FOUND');
    });

    it('refuses going online with DRIVER_NOT_FOUND', () => {
      given([]).when(goOnline).thenThrows('DRIVER_NOT_FOUND');
    });
  });

  describe('when the driver is registered but offline', () => {
    it('refuses a second registration with DRIVER_ALREADY_REGISTERED', () => {
      given([registered]).when(register).thenThrows('DRIVER_ALREADY_REGISTERED');
    });

    it('refuses an assignment with DRIVER_OFFLINE', () => {
      given([registered]).when(assign('call-1')).thenThrows('DRIVER_OFFLINE');
    });

    it('refuses an assignment with DRIVER_OFFLINE after going offline again', () => {
      given([registered, wentOnline, wentOffline]).when(assign('call-1')).thenThrows('DRIVER_OFFLINE');
    });

    it('changes nothing when going offline again', () => {
      given([registered]).when(goOffline).thenNothing();
    });
  });

  describe('when the driver is online and free', () => {
    const history = [registered, wentOnline];

    it('assigns the driver to a call', () => {
      given(history)
        .when(assign('call-1'))
        .then([assigned('call-1')]);
    });

    it('assigns the driver to a call of a ride type they are registered for', () => {
      given(history)
        .when({ ...assign('call-1'), rideType: 'STANDARD' })
        .then([assigned('call-1')]);
    });

    it('refuses a call of a ride type they are not registered for with RIDE_TYPE_MISMATCH', () => {
      given(history)
        .when({ ...assign('call-1'), rideType: 'DELUXE' })
        .thenThrows('RIDE_TYPE_MISMATCH');
    });

    it('lets the driver go offline', () => {
      given(history).when(goOffline).then([wentOffline]);
    });

    it('records a fresh position when going online again', () => {
      given(history).when(goOnline).then([wentOnline]);
    });
  });

  describe('when the driver is on an active ride', () => {
    const history = [registered, wentOnline, assigned('call-1')];

    it('refuses another call with DRIVER_BUSY', () => {
      given(history).when(assign('call-2')).thenThrows('DRIVER_BUSY');
    });

    it('changes nothing when assigned to the same call again', () => {
      given(history).when(assign('call-1')).thenNothing();
    });

    it('refuses going offline with DRIVER_BUSY', () => {
      given(history).when(goOffline).thenThrows('DRIVER_BUSY');
    });

    it('releases the driver from that call', () => {
      given(history)
        .when(release('call-1'))
        .then([released('call-1')]);
    });

    it('ignores a release for another call', () => {
      given(history).when(release('call-2')).thenNothing();
    });

    it('accepts another call once released', () => {
      given([...history, released('call-1')])
        .when(assign('call-2'))
        .then([assigned('call-2')]);
    });

    it('stays busy after a release for another call', () => {
      given([...history, released('call-2')])
        .when(assign('call-3'))
        .thenThrows('DRIVER_BUSY');
    });
  });

  describe('evolve', () => {
    it('ignores an unknown event type without throwing', () => {
      const state = fold(driverDecider, [registered, wentOnline, assigned('call-1')]);
      expect(driverDecider.evolve(state, { type: 'DriverTeleported', data: { driverId } } as never)).to.deep.equal(state);
    });
  });
});
