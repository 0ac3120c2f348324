import { expect } from 'chai';
import type { DispatchState } from '../../../src/domain/dispatch/dispatch.js';
import { reservationVerdict } from '../../../src/application/processes/driver-reservations.js';

const reservedAt = Date.parse('2025-01-01T10:00:00.000Z');
const timeoutMs = 10_000;
const verdict = (dispatch: DispatchState, now = reservedAt + 1_000) => reservationVerdict(dispatch, 'd-1', reservedAt, now, timeoutMs);

describe('Driver reservations', () => {
  describe('when the dispatch names the reserved driver', () => {
    it('keeps the reservation of an accepted call', () => {
      expect(verdict({ status: 'accepted', driverId: 'd-1', vehicleNo: 'v' })).to.deep.equal({ kind: 'keep' });
    });

    it('keeps the reservation of a ride under way, however old', () => {
      expect(verdict({ status: 'completed', driverId: 'd-1' }, reservedAt + 3_600_000)).to.deep.equal({ kind: 'keep' });
    });
  });

  describe('when the dispatch names another driver', () => {
    it('releases the loser of the race at once', () => {
      expect(verdict({ status: 'accepted', driverId: 'd-2', vehicleNo: 'v' })).to.deep.equal({ kind: 'release', reason: 'ACCEPT_LOST' });
    });

    it('releases the loser once the winner picked the passenger up', () => {
      expect(verdict({ status: 'completed', driverId: 'd-2' })).to.deep.equal({ kind: 'release', reason: 'ACCEPT_LOST' });
    });
  });

  describe('when the dispatch is closed', () => {
    it('releases a driver reserved for a cancelled call', () => {
      expect(verdict({ status: 'cancelled', driverId: null })).to.deep.equal({ kind: 'release', reason: 'CALL_CANCELLED' });
    });

    it('releases a driver reserved for an expired call', () => {
      expect(verdict({ status: 'expired' })).to.deep.equal({ kind: 'release', reason: 'ACCEPT_LOST' });
    });
  });

  describe('when nobody has accepted the call yet', () => {
    const open: DispatchState = { status: 'open', offered: [], offer: null };

    it('waits until the bound after the reservation', () => {
      expect(verdict(open)).to.deep.equal({ kind: 'wait', until: reservedAt + timeoutMs });
    });

    it('releases the driver once the bound has passed', () => {
      expect(verdict(open, reservedAt + timeoutMs)).to.deep.equal({ kind: 'release', reason: 'ACCEPT_LOST' });
    });
  });
});
