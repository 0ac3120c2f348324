import { type OpenPassengerCall, type PassengerEvent, passengerDecider } from '../../../src/domain/passenger/passenger.js';
import type { NoteRidePayment } from '../../../src/domain/passenger/unpaid-rides.js';
import type { PaymentStatus } from '../../../src/domain/payment/payment.js';
import { specification } from '../../support/given-when-then.js';

const { given } = specification(passengerDecider);

const at = '2026-11-25T09:00:00.000Z';
const passengerId = 'p-1';
const open = (callId: string, checked: OpenPassengerCall['data']['checked'] = null): OpenPassengerCall => ({
  type: 'OpenPassengerCall',
  data: { passengerId, callId, openedAt: at, checked },
});
const opened = (callId: string): PassengerEvent => ({ type: 'PassengerCallOpened', data: { passengerId, callId, openedAt: at } });
const note = (paymentStatus: PaymentStatus, seen: number, callCancelled = false): NoteRidePayment => ({
  type: 'NoteRidePayment',
  data: { passengerId, callId: 'c-1', paymentId: 'pay-c-1', paymentStatus, callCancelled, seen, at },
});
const leftUnpaid = (seen: number): PassengerEvent => ({
  type: 'RideLeftUnpaid',
  data: { passengerId, callId: 'c-1', paymentId: 'pay-c-1', seen, at },
});
const settled = (settledAs: 'APPROVED' | 'WAIVED' | 'PENDING' | 'CALL_CANCELLED', seen: number): PassengerEvent => ({
  type: 'UnpaidRideSettled',
  data: { passengerId, callId: 'c-1', paymentId: 'pay-c-1', settledAs, seen, at },
});
const ended = { callId: 'c-1', open: false };

describe('Passenger: the rides they owe', () => {
  describe('when a ride’s payment fails', () => {
    it('records the ride as left unpaid', () =>
      given([opened('c-1')])
        .when(note('FAILED', 4))
        .then([leftUnpaid(4)]));
    it('records it once, however often the failure is noted again', () =>
      given([opened('c-1'), leftUnpaid(4)])
        .when(note('FAILED', 5))
        .thenNothing());
    it('refuses the passenger’s next call with UNPAID_RIDE', () =>
      given([opened('c-1'), leftUnpaid(4)])
        .when(open('c-2', ended))
        .thenThrows('UNPAID_RIDE'));
    it('still answers a retried request of a call opened before with nothing new', () =>
      given([opened('c-1'), leftUnpaid(4)])
        .when(open('c-1'))
        .thenNothing());
  });

  describe('when an owed ride is settled', () => {
    for (const [status, seen] of [
      ['APPROVED', 6],
      ['WAIVED', 5],
      ['PENDING', 5], // paid again, the charge in flight: the passenger is no longer refused
    ] as const) {
      it(`records the settlement (${status}) and lets the passenger call again`, () => {
        given([opened('c-1'), leftUnpaid(4)])
          .when(note(status, seen))
          .then([settled(status, seen)]);
        given([opened('c-1'), leftUnpaid(4), settled(status, seen)])
          .when(open('c-2', ended))
          .then([opened('c-2')]);
      });
    }
    it('treats a ride an operator cancelled as owed by nobody, whatever its payment', () =>
      given([opened('c-1'), leftUnpaid(4)])
        .when(note('FAILED', 6, true))
        .then([settled('CALL_CANCELLED', 6)]));
    it('records a failure of the payment made again as owed once more', () =>
      given([opened('c-1'), leftUnpaid(4), settled('PENDING', 5)])
        .when(note('FAILED', 7))
        .then([leftUnpaid(7)]));
  });

  describe('when a note arrives late (an older look at the payment)', () => {
    it('does not owe again a ride already settled by a newer note', () =>
      given([opened('c-1'), leftUnpaid(4), settled('APPROVED', 6)])
        .when(note('FAILED', 4))
        .thenNothing());
    it('does not settle a ride that a newer note found failed again', () =>
      given([opened('c-1'), leftUnpaid(4), settled('PENDING', 5), leftUnpaid(7)])
        .when(note('APPROVED', 6))
        .thenNothing());
  });

  describe('when a paid ride is noted', () => {
    it('records nothing: only failures and their settlements are kept', () =>
      given([opened('c-1')])
        .when(note('APPROVED', 3))
        .thenNothing());
  });
});
