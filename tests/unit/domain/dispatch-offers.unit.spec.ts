import { expect } from 'chai';
import {
  type AcceptCall,
  type CancelDispatch,
  type DeclineOffer,
  type DispatchEvent,
  type ExpireDispatch,
  type ExpireOffer,
  type OfferCall,
  type WithdrawOffer,
  dispatchDecider,
} from '../../../src/domain/dispatch/dispatch.js';
import { fold } from '../../../src/domain/shared/decider.js';
import { specification } from '../../support/given-when-then.js';

const { given } = specification(dispatchDecider);

const callId = 'call-1';
const t0 = '2026-11-25T09:00:00.000Z';
const t15 = '2026-11-25T09:00:15.000Z';
const t14 = '2026-11-25T09:00:14.999Z';
const t20 = '2026-11-25T09:00:20.000Z';

const offerId = (n: number) => `${callId}:${n}`;
const offer = (driverId: string, n = 1): OfferCall => ({
  type: 'OfferCall',
  data: { callId, driverId, offerId: offerId(n), offeredAt: t0, expiresAt: t15 },
});
const offered = (driverId: string, n = 1): DispatchEvent => ({ type: 'CallOffered', data: offer(driverId, n).data });
const decline = (driverId: string): DeclineOffer => ({ type: 'DeclineOffer', data: { callId, driverId, declinedAt: t14 } });
const declined = (driverId: string, n = 1): DispatchEvent => ({
  type: 'OfferDeclined',
  data: { callId, driverId, offerId: offerId(n), declinedAt: t14 },
});
const expireOffer = (n = 1, expiredAt = t15): ExpireOffer => ({ type: 'ExpireOffer', data: { callId, offerId: offerId(n), expiredAt } });
const offerExpired = (driverId: string, n = 1): DispatchEvent => ({
  type: 'OfferExpired',
  data: { callId, driverId, offerId: offerId(n), expiredAt: t15 },
});
const withdraw = (n = 1): WithdrawOffer => ({
  type: 'WithdrawOffer',
  data: { callId, offerId: offerId(n), reason: 'DRIVER_UNAVAILABLE', withdrawnAt: t14 },
});
const withdrawn = (driverId: string, n = 1): DispatchEvent => ({
  type: 'OfferWithdrawn',
  data: { callId, driverId, offerId: offerId(n), reason: 'DRIVER_UNAVAILABLE', withdrawnAt: t14 },
});
const expireDispatch: ExpireDispatch = { type: 'ExpireDispatch', data: { callId, expiredAt: t20 } };
const dispatchExpired = (pendingOfferId: string | null): DispatchEvent => ({
  type: 'DispatchExpired',
  data: { callId, reason: 'NO_DRIVER_FOUND', offerId: pendingOfferId, expiredAt: t20 },
});
const accept = (driverId: string): AcceptCall => ({
  type: 'AcceptCall',
  data: { callId, driverId, driverName: `Driver ${driverId}`, vehicleNo: `V-${driverId}`, acceptedAt: t14 },
});
const accepted = (driverId: string): DispatchEvent => ({ type: 'DriverAccepted', data: accept(driverId).data });
const cancel: CancelDispatch = { type: 'CancelDispatch', data: { callId, reason: null, cancelledBy: 'passenger', cancelledAt: t14 } };

describe('Dispatch offers', () => {
  describe('when the call is open and nobody was offered it', () => {
    it('offers it to a driver, with when the offer expires', () => {
      given([])
        .when(offer('d-1'))
        .then([offered('d-1')]);
    });

    it('refuses a decline with OFFER_NOT_FOUND', () => {
      given([]).when(decline('d-1')).thenThrows('OFFER_NOT_FOUND');
    });

    it('ends the matching when it expires: no driver found', () => {
      given([])
        .when(expireDispatch)
        .then([dispatchExpired(null)]);
    });
  });

  describe('when an offer is pending', () => {
    const history = [offered('d-1')];

    it('changes nothing when the same offer is made again (a retry, another replica)', () => {
      given(history).when(offer('d-2', 1)).thenNothing();
    });

    it('refuses a second offer while the first is pending with OFFER_PENDING', () => {
      given(history).when(offer('d-2', 2)).thenThrows('OFFER_PENDING');
    });

    it('lets the offered driver decline it', () => {
      given(history)
        .when(decline('d-1'))
        .then([declined('d-1')]);
    });

    it('refuses a decline by a driver who was not offered it with OFFER_NOT_FOUND', () => {
      given(history).when(decline('d-2')).thenThrows('OFFER_NOT_FOUND');
    });

    it('expires it once its time has come', () => {
      given(history)
        .when(expireOffer(1))
        .then([offerExpired('d-1')]);
    });

    it('does not expire it before its time', () => {
      given(history).when(expireOffer(1, t14)).thenNothing();
    });

    it('ignores a timer for another offer', () => {
      given(history).when(expireOffer(7)).thenNothing();
    });

    it('withdraws it at once, before its time, when its driver became unavailable', () => {
      given(history)
        .when(withdraw(1))
        .then([withdrawn('d-1')]);
    });

    it('ignores a withdrawal of another offer', () => {
      given(history).when(withdraw(7)).thenNothing();
    });

    it('lets the offered driver accept it', () => {
      given(history)
        .when(accept('d-1'))
        .then([accepted('d-1')]);
    });

    it('lets any other free driver accept it from the call list, which wins and closes the offer', () => {
      given(history)
        .when(accept('d-9'))
        .then([accepted('d-9')]);
      const state = fold(dispatchDecider, [...history, accepted('d-9')]);
      expect(state).to.deep.equal({ status: 'accepted', driverId: 'd-9', vehicleNo: 'V-d-9' });
    });

    it('names the pending offer when the matching expires', () => {
      given(history)
        .when(expireDispatch)
        .then([dispatchExpired(offerId(1))]);
    });

    it('lets the passenger cancel, releasing no driver', () => {
      given(history)
        .when(cancel)
        .then([{ type: 'DispatchCancelled', data: { ...cancel.data, driverId: null } }]);
    });
  });

  describe('when a driver declined or let the offer expire, or it was withdrawn', () => {
    it('offers the call to the next driver', () => {
      given([offered('d-1'), declined('d-1')])
        .when(offer('d-2', 2))
        .then([offered('d-2', 2)]);
      given([offered('d-1'), offerExpired('d-1')])
        .when(offer('d-2', 2))
        .then([offered('d-2', 2)]);
      given([offered('d-1'), withdrawn('d-1')])
        .when(offer('d-2', 2))
        .then([offered('d-2', 2)]);
    });

    it('never offers it to that driver again (DRIVER_ALREADY_OFFERED)', () => {
      given([offered('d-1'), declined('d-1')])
        .when(offer('d-1', 2))
        .thenThrows('DRIVER_ALREADY_OFFERED');
      given([offered('d-1'), offerExpired('d-1')])
        .when(offer('d-1', 2))
        .thenThrows('DRIVER_ALREADY_OFFERED');
      given([offered('d-1'), withdrawn('d-1')])
        .when(offer('d-1', 2))
        .thenThrows('DRIVER_ALREADY_OFFERED');
    });

    it('changes nothing when the offer is withdrawn again (a replay, another replica)', () => {
      given([offered('d-1'), withdrawn('d-1')])
        .when(withdraw(1))
        .thenNothing();
    });

    it('changes nothing when an offer already declined, expired or replaced is withdrawn', () => {
      given([offered('d-1'), declined('d-1')])
        .when(withdraw(1))
        .thenNothing();
      given([offered('d-1'), offerExpired('d-1')])
        .when(withdraw(1))
        .thenNothing();
      given([offered('d-1'), offerExpired('d-1'), offered('d-2', 2)])
        .when(withdraw(1))
        .thenNothing();
    });

    it('changes nothing when the timer of a withdrawn offer fires, or its driver declines late', () => {
      given([offered('d-1'), withdrawn('d-1')])
        .when(expireOffer(1))
        .thenNothing();
      given([offered('d-1'), withdrawn('d-1')])
        .when(decline('d-1'))
        .thenNothing();
    });

    it('changes nothing when the driver declines again', () => {
      given([offered('d-1'), declined('d-1')])
        .when(decline('d-1'))
        .thenNothing();
    });

    it('changes nothing when a second timer fires for the same offer', () => {
      given([offered('d-1'), offerExpired('d-1')])
        .when(expireOffer(1))
        .thenNothing();
      given([offered('d-1'), declined('d-1')])
        .when(expireOffer(1))
        .thenNothing();
    });

    it('still lets that driver accept from the call list', () => {
      given([offered('d-1'), declined('d-1')])
        .when(accept('d-1'))
        .then([accepted('d-1')]);
    });
  });

  describe('when a driver accepted', () => {
    const history = [offered('d-1'), accepted('d-1')];

    it('refuses another offer with CALL_ALREADY_DISPATCHED', () => {
      given(history).when(offer('d-2', 2)).thenThrows('CALL_ALREADY_DISPATCHED');
    });

    it('refuses a late decline with CALL_ALREADY_DISPATCHED', () => {
      given(history).when(decline('d-1')).thenThrows('CALL_ALREADY_DISPATCHED');
    });

    it('ignores the offer timer, a withdrawal and the dispatch deadline', () => {
      given(history).when(expireOffer(1)).thenNothing();
      given(history).when(withdraw(1)).thenNothing();
      given(history).when(expireDispatch).thenNothing();
    });
  });

  describe('when the call was cancelled', () => {
    it('refuses an offer with CALL_ALREADY_CANCELLED', () => {
      given([{ type: 'DispatchCancelled', data: { ...cancel.data, driverId: null } }])
        .when(offer('d-1'))
        .thenThrows('CALL_ALREADY_CANCELLED');
    });
  });

  describe('when no driver was found in time (dispatch expired)', () => {
    const history = [offered('d-1'), offerExpired('d-1'), dispatchExpired(null)];

    it('refuses an accept with CALL_EXPIRED', () => {
      given(history).when(accept('d-2')).thenThrows('CALL_EXPIRED');
    });

    it('refuses an offer and a decline with CALL_EXPIRED', () => {
      given(history).when(offer('d-2', 2)).thenThrows('CALL_EXPIRED');
      given(history).when(decline('d-1')).thenThrows('CALL_EXPIRED');
    });

    it('refuses a cancel and a start with CALL_EXPIRED', () => {
      given(history).when(cancel).thenThrows('CALL_EXPIRED');
      given(history)
        .when({ type: 'CompleteDispatch', data: { callId, passengerId: 'p-1', driverId: 'd-1', completedAt: t20 } })
        .thenThrows('CALL_EXPIRED');
    });

    it('changes nothing when it expires again (two replicas)', () => {
      given(history).when(expireDispatch).thenNothing();
    });

    it('changes nothing when a pending offer is withdrawn after it', () => {
      given([offered('d-1'), dispatchExpired(offerId(1))])
        .when(withdraw(1))
        .thenNothing();
    });
  });

  describe('evolve', () => {
    it('records every driver offered and the pending offer', () => {
      const state = fold(dispatchDecider, [offered('d-1'), declined('d-1'), offered('d-2', 2)]);
      expect(state).to.deep.equal({
        status: 'open',
        offered: [
          { offerId: offerId(1), driverId: 'd-1' },
          { offerId: offerId(2), driverId: 'd-2' },
        ],
        offer: { offerId: offerId(2), driverId: 'd-2', expiresAt: t15 },
      });
    });

    it('closes the pending offer on a withdrawal but keeps its driver among those offered', () => {
      const state = fold(dispatchDecider, [offered('d-1'), withdrawn('d-1')]);
      expect(state).to.deep.equal({ status: 'open', offered: [{ offerId: offerId(1), driverId: 'd-1' }], offer: null });
    });

    it('applies a replayed offer once', () => {
      const once = fold(dispatchDecider, [offered('d-1')]);
      expect(fold(dispatchDecider, [offered('d-1'), offered('d-1')])).to.deep.equal(once);
    });
  });
});
