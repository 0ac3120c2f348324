import {
  type AcceptCall,
  type ArriveAtPickup,
  type AssignCall,
  type CompleteDispatch,
  type DispatchEvent,
  type ReleaseDispatch,
  dispatchDecider,
} from '../../../src/domain/dispatch/dispatch.js';
import { specification } from '../../support/given-when-then.js';

const seoulStation = { lat: 37.5547, lng: 126.9707 };

const { given } = specification(dispatchDecider);

const callId = 'call-1';
const at = '2025-01-01T10:00:00.000Z';
const later = '2025-01-01T10:05:00.000Z';
/** About 100 m and 1.3 km from the pickup. */
const near = { lat: seoulStation.lat + 0.0009, lng: seoulStation.lng };
const far = { lat: 37.5663, lng: 126.9779 };
const proximity = (driverAt: { lat: number; lng: number } | null) => ({ driverAt, pickup: seoulStation, withinMetres: 200 });

const accepted = (driverId: string): DispatchEvent => ({
  type: 'DriverAccepted',
  data: { callId, driverId, driverName: `Driver ${driverId}`, vehicleNo: `V-${driverId}`, acceptedAt: at },
});
const accept = (driverId: string): AcceptCall => ({ type: 'AcceptCall', data: { ...(accepted(driverId).data as AcceptCall['data']) } });
const arrive = (driverId: string, driverAt: { lat: number; lng: number } | null): ArriveAtPickup => ({
  type: 'ArriveAtPickup',
  data: { callId, driverId, arrivedAt: later },
  proximity: proximity(driverAt),
});
const arrived = (driverId: string): DispatchEvent => ({ type: 'DriverArrived', data: { callId, driverId, arrivedAt: later } });
const start = (driverId: string, driverAt: { lat: number; lng: number } | null): CompleteDispatch => ({
  type: 'CompleteDispatch',
  data: { callId, passengerId: 'p-1', driverId, completedAt: later },
  proximity: proximity(driverAt),
});
const release = (driverId: string): ReleaseDispatch => ({
  type: 'ReleaseDispatch',
  data: { callId, driverId, reason: 'flat tyre', releasedAt: later },
});
const released = (driverId: string): DispatchEvent => ({
  type: 'DispatchReleased',
  data: { callId, driverId, reason: 'flat tyre', releasedBy: 'driver', releasedAt: later },
});
const assign = (driverId: string): AssignCall => ({
  type: 'AssignCall',
  data: { callId, driverId, driverName: `Driver ${driverId}`, vehicleNo: `V-${driverId}`, acceptedAt: later, reason: 'regular customer' },
});

describe('Dispatch, the ride’s missing steps and the dispatch centre', () => {
  describe('when the assigned driver arrives', () => {
    it('records the arrival within reach of the pickup', () => {
      given([accepted('d-1')])
        .when(arrive('d-1', near))
        .then([arrived('d-1')]);
    });

    it('refuses a driver far from the pickup with NOT_AT_PICKUP', () => {
      given([accepted('d-1')])
        .when(arrive('d-1', far))
        .thenThrows('NOT_AT_PICKUP');
    });

    it('refuses a driver whose position is unknown with NOT_AT_PICKUP', () => {
      given([accepted('d-1')])
        .when(arrive('d-1', null))
        .thenThrows('NOT_AT_PICKUP');
    });

    it('refuses another driver with NOT_ASSIGNED_DRIVER', () => {
      given([accepted('d-1')])
        .when(arrive('d-2', near))
        .thenThrows('NOT_ASSIGNED_DRIVER');
    });

    it('records nothing new when the driver says it again', () => {
      given([accepted('d-1'), arrived('d-1')])
        .when(arrive('d-1', far))
        .thenNothing();
    });
  });

  describe('when the ride starts', () => {
    it('refuses a start far from the pickup before any arrival with NOT_AT_PICKUP', () => {
      given([accepted('d-1')])
        .when(start('d-1', far))
        .thenThrows('NOT_AT_PICKUP');
    });

    it('starts near the pickup without an arrival', () => {
      given([accepted('d-1')])
        .when(start('d-1', near))
        .then([{ type: 'DispatchCompleted', data: start('d-1', near).data }]);
    });

    it('starts after the arrival wherever the driver is now', () => {
      given([accepted('d-1'), arrived('d-1')])
        .when(start('d-1', far))
        .then([{ type: 'DispatchCompleted', data: start('d-1', far).data }]);
    });
  });

  describe('when the driver gives the call back', () => {
    it('releases the call before the ride starts', () => {
      given([accepted('d-1')])
        .when(release('d-1'))
        .then([released('d-1')]);
    });

    it('lets another driver accept it afterwards', () => {
      given([accepted('d-1'), released('d-1')])
        .when(accept('d-2'))
        .then([accepted('d-2')]);
    });

    it('never offers it to the driver who gave it back', () => {
      given([accepted('d-1'), released('d-1')])
        .when({ type: 'OfferCall', data: { callId, driverId: 'd-1', offerId: 'call-1:1:2', offeredAt: later, expiresAt: later } })
        .thenThrows('DRIVER_ALREADY_OFFERED');
    });

    it('keeps every driver who gave it back out of its offers', () => {
      given([accepted('d-1'), released('d-1'), accepted('d-2'), released('d-2')])
        .when({ type: 'OfferCall', data: { callId, driverId: 'd-1', offerId: 'call-1:2:3', offeredAt: later, expiresAt: later } })
        .thenThrows('DRIVER_ALREADY_OFFERED');
    });

    it('refuses another driver with NOT_ASSIGNED_DRIVER', () => {
      given([accepted('d-1')])
        .when(release('d-2'))
        .thenThrows('NOT_ASSIGNED_DRIVER');
    });

    it('refuses once the ride started with RIDE_ALREADY_STARTED', () => {
      given([accepted('d-1'), { type: 'DispatchCompleted', data: start('d-1', near).data }])
        .when(release('d-1'))
        .thenThrows('RIDE_ALREADY_STARTED');
    });

    it('changes nothing when the same driver gives it back again', () => {
      given([accepted('d-1'), released('d-1')])
        .when(release('d-1'))
        .thenNothing();
    });
  });

  describe('when an operator assigns the call', () => {
    it('dispatches an open call to the chosen driver', () => {
      given([])
        .when(assign('d-7'))
        .then([{ type: 'DriverAccepted', data: assign('d-7').data }]);
    });

    it('takes a dispatched call from its driver and gives it to the chosen one, in one append', () => {
      given([accepted('d-1')])
        .when(assign('d-7'))
        .then([
          {
            type: 'DispatchReleased',
            data: { callId, driverId: 'd-1', reason: 'regular customer', releasedBy: 'operator', releasedAt: later },
          },
          { type: 'DriverAccepted', data: { ...assign('d-7').data, replaces: 'd-1' } },
        ]);
    });

    it('changes nothing when the call already has that driver', () => {
      given([accepted('d-7')])
        .when(assign('d-7'))
        .thenNothing();
    });

    it('refuses once the ride started with RIDE_ALREADY_STARTED', () => {
      given([accepted('d-1'), { type: 'DispatchCompleted', data: start('d-1', near).data }])
        .when(assign('d-7'))
        .thenThrows('RIDE_ALREADY_STARTED');
    });

    it('refuses a cancelled call with CALL_ALREADY_CANCELLED', () => {
      given([{ type: 'DispatchCancelled', data: { callId, driverId: null, reason: null, cancelledBy: 'passenger', cancelledAt: at } }])
        .when(assign('d-7'))
        .thenThrows('CALL_ALREADY_CANCELLED');
    });
  });
});
