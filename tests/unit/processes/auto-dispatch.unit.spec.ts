import { expect } from 'chai';
import {
  type AutoDispatchSettings,
  type OpenDispatch,
  dispatchKeyOf,
  driverUnavailable,
  evolve,
  nextStep,
  noDriverFound,
  unavailableDriverOf,
  withdrawalSettled,
} from '../../../src/application/processes/auto-dispatch.process.js';
import type { LogEvent } from '../../../src/domain/events.js';
import { gangnam, looseEvent, seoulStation } from '../../support/recorded.js';

const settings: AutoDispatchSettings = { offerTimeoutMs: 15_000, totalTimeoutMs: 60_000, searchRetryMs: 2_000 };
const callId = 'call-1';
const requestedAt = Date.parse('2026-11-25T09:00:00.000Z');
const at = (ms: number) => new Date(requestedAt + ms).toISOString();

const requested: LogEvent = {
  type: 'CallRequested',
  data: { callId, passengerId: 'p-1', pickup: seoulStation, destination: gangnam, rideType: 'STANDARD', requestedAt: at(0) },
};
const offered = (driverId: string, n: number, offeredAfterMs: number): LogEvent => ({
  type: 'CallOffered',
  data: { callId, driverId, offerId: `${callId}:${n}`, offeredAt: at(offeredAfterMs), expiresAt: at(offeredAfterMs + settings.offerTimeoutMs) },
});
const declined = (driverId: string, n: number): LogEvent => ({
  type: 'OfferDeclined',
  data: { callId, driverId, offerId: `${callId}:${n}`, declinedAt: at(1) },
});
const withdrawn = (driverId: string, n: number): LogEvent => ({
  type: 'OfferWithdrawn',
  data: { callId, driverId, offerId: `${callId}:${n}`, reason: 'DRIVER_UNAVAILABLE', withdrawnAt: at(1) },
});
const acceptedElsewhere = (driverId: string, otherCallId: string): LogEvent => ({
  type: 'DriverAccepted',
  data: { callId: otherCallId, driverId, driverName: driverId, vehicleNo: 'V', acceptedAt: at(2) },
});
const wentOffline = (driverId: string): LogEvent => ({ type: 'DriverWentOffline', data: { driverId, at: at(2) } });
/** The dispatch after the worker saw `event` about the driver holding its offer (its id is the cause). */
const afterDriverEvent = (dispatch: OpenDispatch, event: LogEvent): OpenDispatch => {
  const unavailable = unavailableDriverOf(event);
  return unavailable ? driverUnavailable(dispatch, unavailable, 'driver-event') : dispatch;
};
const expired = (driverId: string, n: number): LogEvent => ({
  type: 'OfferExpired',
  data: { callId, driverId, offerId: `${callId}:${n}`, expiredAt: at(1) },
});

/** Given these events (logged in order from position 10), the dispatch as auto-dispatch sees it. */
const given = (events: LogEvent[]): OpenDispatch | null =>
  events.reduce<OpenDispatch | null>((dispatch, event, i) => evolve(dispatch, { ...event, position: 10 + i, eventId: `e-${i}` }, settings), null);

const open = (events: LogEvent[]): OpenDispatch => {
  const dispatch = given(events);
  if (!dispatch) throw new Error('expected an open dispatch');
  return dispatch;
};

describe('Auto-dispatch (pure decisions)', () => {
  describe('when a call was just requested', () => {
    const dispatch = open([requested]);

    it('offers it at once as the first offer, excluding nobody', () => {
      expect(nextStep(dispatch, requestedAt + 5, settings)).to.deep.equal({
        kind: 'offer',
        offerId: `${callId}:1`,
        exclude: [],
        expiresAt: requestedAt + 5 + settings.offerTimeoutMs,
      });
    });

    it('remembers where the call is in the log, to replay from just before it after a restart', () => {
      expect(dispatch.since).to.equal(10);
      expect(dispatch.deadline).to.equal(requestedAt + settings.totalTimeoutMs);
    });

    it('waits before searching again when nobody was found, but not past the deadline', () => {
      const searched = noDriverFound(dispatch, requestedAt + 100, settings);
      expect(nextStep(searched, requestedAt + 200, settings)).to.deep.equal({ kind: 'wait', until: requestedAt + 100 + settings.searchRetryMs });
      expect(nextStep(searched, requestedAt + 100 + settings.searchRetryMs, settings).kind).to.equal('offer');
      const late = noDriverFound(dispatch, requestedAt + settings.totalTimeoutMs - 10, settings);
      expect(nextStep(late, requestedAt + settings.totalTimeoutMs - 5, settings)).to.deep.equal({
        kind: 'wait',
        until: requestedAt + settings.totalTimeoutMs,
      });
    });
  });

  describe('when an offer is pending', () => {
    const dispatch = open([requested, offered('d-1', 1, 1_000)]);

    it('waits until it expires', () => {
      expect(nextStep(dispatch, requestedAt + 2_000, settings)).to.deep.equal({ kind: 'wait', until: requestedAt + 16_000 });
    });

    it('expires it once its time has come (also when that time passed during a restart)', () => {
      expect(nextStep(dispatch, requestedAt + 16_000, settings)).to.deep.equal({ kind: 'expireOffer', offerId: `${callId}:1` });
      expect(nextStep(dispatch, requestedAt + 40_000, settings)).to.deep.equal({ kind: 'expireOffer', offerId: `${callId}:1` });
    });

    it('ends the matching at the deadline, before anything else', () => {
      expect(nextStep(dispatch, requestedAt + settings.totalTimeoutMs, settings)).to.deep.equal({ kind: 'expireDispatch' });
    });
  });

  describe('when drivers declined or let their offers expire', () => {
    const dispatch = open([requested, offered('d-1', 1, 0), declined('d-1', 1), offered('d-2', 2, 1_000), expired('d-2', 2)]);

    it('offers the next offer, never to those drivers again', () => {
      expect(nextStep(dispatch, requestedAt + 17_000, settings)).to.deep.equal({
        kind: 'offer',
        offerId: `${callId}:3`,
        exclude: ['d-1', 'd-2'],
        expiresAt: requestedAt + 17_000 + settings.offerTimeoutMs,
      });
    });
  });

  describe('when the driver holding the pending offer became unavailable', () => {
    const pending = open([requested, offered('d-1', 1, 1_000)]);

    it('withdraws the offer at once after they accepted another call', () => {
      const dispatch = afterDriverEvent(pending, acceptedElsewhere('d-1', 'call-2'));
      expect(nextStep(dispatch, requestedAt + 2_000, settings)).to.deep.equal({ kind: 'withdrawOffer', offerId: `${callId}:1` });
      expect(dispatch.causationId).to.equal('driver-event');
    });

    it('withdraws the offer at once after they went offline', () => {
      const dispatch = afterDriverEvent(pending, wentOffline('d-1'));
      expect(nextStep(dispatch, requestedAt + 2_000, settings)).to.deep.equal({ kind: 'withdrawOffer', offerId: `${callId}:1` });
    });

    it('still ends the matching at the deadline first', () => {
      const dispatch = afterDriverEvent(pending, wentOffline('d-1'));
      expect(nextStep(dispatch, requestedAt + settings.totalTimeoutMs, settings)).to.deep.equal({ kind: 'expireDispatch' });
    });

    it('does not withdraw it when they accepted this very call (the accept closes the call instead)', () => {
      const dispatch = afterDriverEvent(pending, acceptedElsewhere('d-1', callId));
      expect(nextStep(dispatch, requestedAt + 2_000, settings)).to.deep.equal({ kind: 'wait', until: requestedAt + 16_000 });
      expect(given([requested, offered('d-1', 1, 1_000), acceptedElsewhere('d-1', callId)])).to.equal(null);
    });

    it('does not withdraw it when another driver became unavailable, or events that do not take a driver away', () => {
      expect(afterDriverEvent(pending, acceptedElsewhere('d-2', 'call-2'))).to.deep.equal(pending);
      expect(afterDriverEvent(pending, wentOffline('d-2'))).to.deep.equal(pending);
      expect(unavailableDriverOf({ type: 'DriverWentOnline', data: { driverId: 'd-1', location: { lat: 0, lng: 0 }, at: at(2) } })).to.equal(null);
      expect(unavailableDriverOf({ type: 'DriverAssigned', data: { driverId: 'd-1', callId: 'call-2', at: at(2) } })).to.equal(null);
    });

    it('offers the next driver once the withdrawal is logged, never the withdrawn one again', () => {
      const dispatch = open([requested, offered('d-1', 1, 1_000), withdrawn('d-1', 1)]);
      expect(nextStep(dispatch, requestedAt + 2_000, settings)).to.deep.equal({
        kind: 'offer',
        offerId: `${callId}:2`,
        exclude: ['d-1'],
        expiresAt: requestedAt + 2_000 + settings.offerTimeoutMs,
      });
    });

    it('waits for the timer again when the withdrawal decided nothing (the offer ended meanwhile)', () => {
      const dispatch = withdrawalSettled(afterDriverEvent(pending, wentOffline('d-1')), `${callId}:1`);
      expect(nextStep(dispatch, requestedAt + 2_000, settings)).to.deep.equal({ kind: 'wait', until: requestedAt + 16_000 });
    });
  });

  describe('when the call is no longer open', () => {
    for (const closing of [
      'DriverAccepted',
      'DispatchCancelled',
      'DispatchExpired',
      'DispatchCompleted',
      'CallCancelled',
      'CallExpired',
      'CallDispatched',
    ]) {
      it(`forgets it after ${closing}`, () => {
        expect(given([requested, offered('d-1', 1, 0), looseEvent(closing, { callId })])).to.equal(null);
      });
    }
  });

  describe('evolve', () => {
    it('applies an offer seen twice (inline, then from the log) once', () => {
      const once = open([requested, offered('d-1', 1, 0)]);
      const twice = open([requested, offered('d-1', 1, 0), offered('d-1', 1, 0)]);
      expect({ ...twice, causationId: '' }).to.deep.equal({ ...once, causationId: '' });
    });

    it('ignores the expiry or withdrawal of an offer that is not the pending one', () => {
      expect(open([requested, offered('d-1', 1, 0), expired('d-1', 7)]).offer?.offerId).to.equal(`${callId}:1`);
      expect(open([requested, offered('d-1', 1, 0), withdrawn('d-1', 7)]).offer?.offerId).to.equal(`${callId}:1`);
    });

    it('follows withdrawals of the call it matches', () => {
      expect(dispatchKeyOf(withdrawn('d-1', 1))).to.equal(callId);
    });

    it('ignores events about a call it never saw requested, and events it does not follow', () => {
      expect(given([offered('d-1', 1, 0)])).to.equal(null);
      expect(dispatchKeyOf({ type: 'RideStarted', data: { callId, passengerId: 'p-1', driverId: 'd-1', startedAt: at(1) } })).to.equal(null);
      expect(
        dispatchKeyOf({ type: 'CallOffered', data: { callId, driverId: 'd-1', offerId: `${callId}:1`, offeredAt: at(0), expiresAt: at(1) } }),
      ).to.equal(callId);
    });

    it('carries the last logged event forward as the cause of the next command', () => {
      expect(open([requested, offered('d-1', 1, 0)]).causationId).to.equal('e-1');
    });
  });
});
