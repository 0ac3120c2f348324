import { expect } from 'chai';
import {
  type AcceptCall,
  type CancelDispatch,
  type CompleteDispatch,
  type DispatchEvent,
  dispatchDecider,
} from '../../../src/domain/dispatch/dispatch.js';
import type { CancelledBy } from '../../../src/domain/call/call.js';
import { specification } from '../../support/given-when-then.js';

const { given } = specification(dispatchDecider);

const callId = 'call-1';
const at = '2025-01-01T10:00:00.000Z';

const accept = (driverId: string): AcceptCall => ({
  type: 'AcceptCall',
  data: { callId, driverId, driverName: `Driver ${driverId}`, vehicleNo: `V-${driverId}`, acceptedAt: at },
});
const accepted = (driverId: string): DispatchEvent => ({ type: 'DriverAccepted', data: accept(driverId).data });

const cancel = (cancelledBy: CancelledBy, reason: string | null = 'changed my mind'): CancelDispatch => ({
  type: 'CancelDispatch',
  data: { callId, reason, cancelledBy, cancelledAt: at },
});
const cancelled = (cancelledBy: CancelledBy, driverId: string | null): DispatchEvent => ({
  type: 'DispatchCancelled',
  data: { ...cancel(cancelledBy).data, driverId },
});

const start = (driverId: string): CompleteDispatch => ({ type: 'CompleteDispatch', data: { callId, passengerId: 'p-1', driverId, completedAt: at } });
const started = (driverId: string): DispatchEvent => ({ type: 'DispatchCompleted', data: start(driverId).data });

describe('Dispatch', () => {
  describe('when the call is open', () => {
    it('lets the first driver accept it', () => {
      given([])
        .when(accept('d-1'))
        .then([accepted('d-1')]);
    });

    it('lets the passenger cancel it, releasing no driver', () => {
      given([])
        .when(cancel('passenger'))
        .then([cancelled('passenger', null)]);
    });

    it('refuses to start the ride with CALL_NOT_DISPATCHED', () => {
      given([]).when(start('d-1')).thenThrows('CALL_NOT_DISPATCHED');
    });
  });

  describe('when the call was already accepted', () => {
    it('rejects a second driver with CALL_ALREADY_DISPATCHED', () => {
      given([accepted('d-1')])
        .when(accept('d-2'))
        .thenThrows('CALL_ALREADY_DISPATCHED');
    });

    it('changes nothing when the winner retries the accept', () => {
      given([accepted('d-1')])
        .when(accept('d-1'))
        .thenNothing();
    });

    it('lets the passenger cancel it and names the released driver', () => {
      given([accepted('d-1')])
        .when(cancel('passenger'))
        .then([cancelled('passenger', 'd-1')]);
    });

    it('lets the assigned driver start the ride', () => {
      given([accepted('d-1')])
        .when(start('d-1'))
        .then([started('d-1')]);
    });

    it('refuses another driver starting the ride with NOT_ASSIGNED_DRIVER', () => {
      given([accepted('d-1')])
        .when(start('d-2'))
        .thenThrows('NOT_ASSIGNED_DRIVER');
    });
  });

  describe('when the ride has started (dispatch completed)', () => {
    const history = [accepted('d-1'), started('d-1')];

    it('refuses a passenger cancel with RIDE_ALREADY_STARTED', () => {
      given(history).when(cancel('passenger')).thenThrows('RIDE_ALREADY_STARTED');
    });

    it('refuses a system cancel with RIDE_ALREADY_STARTED', () => {
      given(history).when(cancel('system')).thenThrows('RIDE_ALREADY_STARTED');
    });

    it('lets an operator force-cancel it and names the released driver', () => {
      given(history)
        .when(cancel('operator', 'complaint'))
        .then([{ type: 'DispatchCancelled', data: { ...cancel('operator', 'complaint').data, driverId: 'd-1' } }]);
    });

    it('still rejects another driver with CALL_ALREADY_DISPATCHED', () => {
      given(history).when(accept('d-2')).thenThrows('CALL_ALREADY_DISPATCHED');
    });

    it('changes nothing when the assigned driver starts it again', () => {
      given(history).when(start('d-1')).thenNothing();
    });

    it('refuses another driver starting it with NOT_ASSIGNED_DRIVER', () => {
      given(history).when(start('d-2')).thenThrows('NOT_ASSIGNED_DRIVER');
    });
  });

  describe('when the call was cancelled', () => {
    const history = [accepted('d-1'), cancelled('passenger', 'd-1')];

    it('refuses an accept with CALL_ALREADY_CANCELLED', () => {
      given(history).when(accept('d-2')).thenThrows('CALL_ALREADY_CANCELLED');
    });

    it('refuses to start the ride with CALL_ALREADY_CANCELLED', () => {
      given(history).when(start('d-1')).thenThrows('CALL_ALREADY_CANCELLED');
    });

    it('changes nothing when cancelled again', () => {
      given(history).when(cancel('passenger')).thenNothing();
    });
  });

  describe('evolve', () => {
    it('ignores an unknown event type without throwing', () => {
      const state = dispatchDecider.evolve({ status: 'accepted', driverId: 'd-1', vehicleNo: 'V-d-1' }, {
        type: 'DriverTeleported',
        data: {},
      } as never);
      expect(state).to.deep.equal({ status: 'accepted', driverId: 'd-1', vehicleNo: 'V-d-1' });
    });
  });
});
