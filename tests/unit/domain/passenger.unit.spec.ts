import { type OpenPassengerCall, type PassengerEvent, passengerDecider } from '../../../src/domain/passenger/passenger.js';
import { specification } from '../../support/given-when-then.js';

const { given } = specification(passengerDecider);

const at = '2026-11-25T09:00:00.000Z';
const open = (callId: string, checked: OpenPassengerCall['data']['checked'] = null): OpenPassengerCall => ({
  type: 'OpenPassengerCall',
  data: { passengerId: 'p-1', callId, openedAt: at, checked },
});
const opened = (callId: string): PassengerEvent => ({ type: 'PassengerCallOpened', data: { passengerId: 'p-1', callId, openedAt: at } });

describe('Passenger', () => {
  describe('with no call yet', () => {
    it('opens the first call', () =>
      given([])
        .when(open('c-1'))
        .then([opened('c-1')]));
  });

  describe('with a call open', () => {
    it('refuses a second call', () =>
      given([opened('c-1')])
        .when(open('c-2', { callId: 'c-1', open: true }))
        .thenThrows('PASSENGER_HAS_OPEN_CALL'));
    it('answers the same call again with nothing new (a retried request)', () =>
      given([opened('c-1')])
        .when(open('c-1'))
        .then([]));
    it('refuses when the check was about another call than the last one (a concurrent request)', () =>
      given([opened('c-1'), opened('c-2')])
        .when(open('c-3', { callId: 'c-1', open: false }))
        .thenThrows('PASSENGER_HAS_OPEN_CALL'));
    it('refuses when nothing was checked', () =>
      given([opened('c-1')])
        .when(open('c-2'))
        .thenThrows('PASSENGER_HAS_OPEN_CALL'));
  });

  describe('once the last call has ended', () => {
    it('opens the next call', () =>
      given([opened('c-1')])
        .when(open('c-2', { callId: 'c-1', open: false }))
        .then([opened('c-2')]));
  });
});
