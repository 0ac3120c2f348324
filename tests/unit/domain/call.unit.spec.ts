import { expect } from 'chai';
import {
  type CallEvent,
  type CancelCall,
  type CancelledBy,
  type CompleteCall,
  type ExpireCall,
  type MarkCallDispatched,
  type RequestCall,
  callDecider,
} from '../../../src/domain/call/call.js';
import { fold } from '../../../src/domain/shared/decider.js';
import { specification } from '../../support/given-when-then.js';

const { given } = specification(callDecider);

const callId = 'call-1';
const at = '2025-01-01T10:00:00.000Z';

const request: RequestCall = {
  type: 'RequestCall',
  data: {
    callId,
    passengerId: 'p-1',
    pickup: { lat: 37.5665, lng: 126.978, address: 'Seoul City Hall' },
    destination: { lat: 37.5512, lng: 126.9882, address: 'N Seoul Tower' },
    rideType: 'STANDARD',
    requestedAt: at,
  },
};
const requested: CallEvent = { type: 'CallRequested', data: request.data };
const markDispatched: MarkCallDispatched = { type: 'MarkCallDispatched', data: { callId, driverId: 'd-1', vehicleNo: 'V-1', dispatchedAt: at } };
const dispatched: CallEvent = { type: 'CallDispatched', data: markDispatched.data };
const complete: CompleteCall = { type: 'CompleteCall', data: { callId, completedAt: at } };
const completed: CallEvent = { type: 'CallCompleted', data: complete.data };
const cancel = (cancelledBy: CancelledBy): CancelCall => ({
  type: 'CancelCall',
  data: { callId, reason: 'plans changed', cancelledBy, cancelledAt: at },
});
const cancelled = (cancelledBy: CancelledBy): CallEvent => ({ type: 'CallCancelled', data: cancel(cancelledBy).data });
const expire: ExpireCall = { type: 'ExpireCall', data: { callId, expiredAt: at } };
const expired: CallEvent = { type: 'CallExpired', data: { callId, reason: 'NO_DRIVER_FOUND', expiredAt: at } };

describe('Call', () => {
  describe('when nothing was requested yet', () => {
    it('records the request', () => {
      given([]).when(request).then([requested]);
    });

    it('refuses any other command with CALL_NOT_FOUND', () => {
      given([]).when(markDispatched).thenThrows('CALL_NOT_FOUND');
      given([]).when(cancel('passenger')).thenThrows('CALL_NOT_FOUND');
    });
  });

  describe('when the call was requested', () => {
    it('changes nothing when the same request is retried later (Idempotency-Key)', () => {
      given([requested])
        .when({ ...request, data: { ...request.data, requestedAt: '2025-01-01T10:00:05.000Z' } })
        .thenNothing();
    });

    it('treats the same request with its fields in another order as the same request', () => {
      const { pickup, destination, ...rest } = request.data;
      const reordered: RequestCall = {
        type: 'RequestCall',
        data: { ...rest, destination, pickup: { address: pickup.address, lng: pickup.lng, lat: pickup.lat } },
      };
      given([requested]).when(reordered).thenNothing();
    });

    it('refuses a different request under the same id with CALL_ALREADY_EXISTS', () => {
      const otherDestination = { ...request.data.destination, address: 'Gangnam Station' };
      given([requested])
        .when({ ...request, data: { ...request.data, destination: otherDestination } })
        .thenThrows('CALL_ALREADY_EXISTS');
    });

    const { pickup, destination } = request.data;
    const changes: Array<[string, Partial<RequestCall['data']>]> = [
      ['another passenger', { passengerId: 'p-2' }],
      ['another ride type', { rideType: 'DELUXE' }],
      ['another pickup latitude', { pickup: { ...pickup, lat: pickup.lat + 0.001 } }],
      ['another pickup longitude', { pickup: { ...pickup, lng: pickup.lng + 0.001 } }],
      ['another pickup address', { pickup: { ...pickup, address: 'Seoul Station' } }],
      ['another destination latitude', { destination: { ...destination, lat: destination.lat + 0.001 } }],
      ['another destination longitude', { destination: { ...destination, lng: destination.lng + 0.001 } }],
    ];
    for (const [name, change] of changes) {
      it(`refuses a retry with ${name} under the same id with CALL_ALREADY_EXISTS`, () => {
        given([requested])
          .when({ ...request, data: { ...request.data, ...change } })
          .thenThrows('CALL_ALREADY_EXISTS');
      });
    }

    it('is marked dispatched', () => {
      given([requested]).when(markDispatched).then([dispatched]);
    });

    it('expires when no driver was found', () => {
      given([requested]).when(expire).then([expired]);
    });

    it('lets the passenger cancel it', () => {
      given([requested])
        .when(cancel('passenger'))
        .then([cancelled('passenger')]);
    });
  });

  describe('when the call was dispatched', () => {
    const history = [requested, dispatched];

    it('changes nothing when marked dispatched again', () => {
      given(history).when(markDispatched).thenNothing();
    });

    it('does not expire any more', () => {
      given(history).when(expire).thenNothing();
    });

    it('is completed when the ride finished', () => {
      given(history).when(complete).then([completed]);
    });

    it('lets the passenger cancel it', () => {
      given(history)
        .when(cancel('passenger'))
        .then([cancelled('passenger')]);
    });
  });

  describe('when the call was completed', () => {
    const history = [requested, dispatched, completed];

    it('refuses a passenger cancel with RIDE_ALREADY_FINISHED', () => {
      given(history).when(cancel('passenger')).thenThrows('RIDE_ALREADY_FINISHED');
    });

    it('lets an operator cancel it (the payment is then refunded)', () => {
      given(history)
        .when(cancel('operator'))
        .then([cancelled('operator')]);
    });

    it('changes nothing when completed or marked dispatched again', () => {
      given(history).when(complete).thenNothing();
      given(history).when(markDispatched).thenNothing();
    });
  });

  describe('when the call was cancelled', () => {
    const history = [requested, dispatched, cancelled('passenger')];

    it('changes nothing when cancelled again, completed, dispatched or expired', () => {
      for (const command of [cancel('passenger'), cancel('operator'), complete, markDispatched, expire]) {
        given(history).when(command).thenNothing();
      }
    });
  });

  describe('evolve', () => {
    it('ignores an unknown event type without throwing', () => {
      const state = fold(callDecider, [requested, dispatched]);
      expect(callDecider.evolve(state, { type: 'CallTeleported', data: { callId } } as never)).to.deep.equal(state);
    });
  });
});
