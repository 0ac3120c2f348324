import { expect } from 'chai';
import { type ErasePerson, type ErasureEvent, erasureDecider, erasureOf } from '../../../src/domain/privacy/erasure.js';
import { specification } from '../../support/given-when-then.js';

const { given } = specification(erasureDecider);

const erasedAt = '2026-03-01T10:00:00.000Z';
const erase = (kind: 'passenger' | 'driver', openCallIds: string[] = []): ErasePerson => ({
  type: 'ErasePerson',
  data: { kind, personId: 'x-1', openCallIds, erasedAt },
});
const erased = (kind: 'passenger' | 'driver'): ErasureEvent => ({ type: 'PersonalDataErased', data: { kind, personId: 'x-1', erasedAt } });

describe('Erasure', () => {
  describe('when the person was never erased', () => {
    it('erases a passenger without an open call', () => {
      given([])
        .when(erase('passenger'))
        .then([erased('passenger')]);
    });

    it('erases a driver who is not on a ride', () => {
      given([])
        .when(erase('driver'))
        .then([erased('driver')]);
    });

    it('refuses a passenger with an open call with PASSENGER_HAS_OPEN_CALL', () => {
      given([])
        .when(erase('passenger', ['call-1']))
        .thenThrows('PASSENGER_HAS_OPEN_CALL');
    });

    it('refuses a driver on a ride with DRIVER_BUSY', () => {
      given([])
        .when(erase('driver', ['call-1']))
        .thenThrows('DRIVER_BUSY');
    });
  });

  describe('when the person was already erased', () => {
    it('changes nothing, whatever calls are named', () => {
      given([erased('passenger')])
        .when(erase('passenger', ['call-9']))
        .thenNothing();
    });
  });

  describe('erasureOf', () => {
    it('reads the erasure fact and nothing else', () => {
      expect(erasureOf(erased('driver'))).to.deep.equal(erased('driver').data);
      expect(erasureOf({ type: 'CallRequested', data: { kind: 'driver', personId: 'x-1', erasedAt } })).to.equal(null);
      expect(erasureOf({ type: 'PersonalDataErased', data: { kind: 'someone', personId: 'x-1', erasedAt } })).to.equal(null);
    });
  });
});
