import { expect } from 'chai';
import { REFERENCE_TARIFF } from '../../../src/domain/driving/fare.js';
import { fold } from '../../../src/domain/shared/decider.js';
import { type TariffEvent, tariffDecider } from '../../../src/domain/tariff/tariff.js';
import { specification } from '../../support/given-when-then.js';
import { SEOUL_2023 } from '../../support/tariffs.js';

const { given } = specification(tariffDecider);
const at = '2026-03-10T05:00:00.000Z';
/** As written before tariffs had versions and meter fields. */
const oldSet: TariffEvent = {
  type: 'TariffSet',
  data: { rideType: 'DELUXE', tariff: { currency: 'KRW', amountPerStartedMinute: 2_500, minimumMinutes: 2 }, setAt: at },
};

describe('Tariff', () => {
  describe('when nothing was set', () => {
    it('is the reference tariff, version 0, available', () => {
      expect(fold(tariffDecider, [])).to.deep.equal({ tariff: REFERENCE_TARIFF, version: 0, effectiveFrom: null, available: true });
    });
    it('sets a meter tariff as version 1, in force from when it was set', () => {
      given([])
        .when({ type: 'SetTariff', data: { rideType: 'DELUXE', tariff: SEOUL_2023, setAt: at } })
        .then([{ type: 'TariffSet', data: { rideType: 'DELUXE', tariff: SEOUL_2023, setAt: at, version: 1 } }]);
    });
  });

  describe('given a TariffSet of the old shape (no version, per-minute fields only)', () => {
    it('folds it as version 1 with its per-minute tariff', () => {
      expect(fold(tariffDecider, [oldSet])).to.deep.equal({ tariff: oldSet.data.tariff, version: 1, effectiveFrom: at, available: true });
    });
    it('numbers the next tariff 2', () => {
      given([oldSet])
        .when({ type: 'SetTariff', data: { rideType: 'DELUXE', tariff: SEOUL_2023, setAt: at } })
        .then([{ type: 'TariffSet', data: { rideType: 'DELUXE', tariff: SEOUL_2023, setAt: at, version: 2 } }]);
    });
    it('changes nothing when the same tariff is set again, fields in another order', () => {
      given([oldSet])
        .when({
          type: 'SetTariff',
          data: { rideType: 'DELUXE', tariff: { minimumMinutes: 2, amountPerStartedMinute: 2_500, currency: 'KRW' }, setAt: at },
        })
        .thenNothing();
    });
  });

  describe('availability', () => {
    const suspended: TariffEvent = { type: 'RideTypeSuspended', data: { rideType: 'VAN', reason: null, suspendedAt: at } };
    it('suspends an available ride type', () => given([]).when({ type: 'SuspendRideType', data: suspended.data }).then([suspended]));
    it('changes nothing when suspended twice', () => given([suspended]).when({ type: 'SuspendRideType', data: suspended.data }).thenNothing());
    it('resumes a suspended ride type', () => {
      given([suspended])
        .when({ type: 'ResumeRideType', data: { rideType: 'VAN', resumedAt: at } })
        .then([{ type: 'RideTypeResumed', data: { rideType: 'VAN', resumedAt: at } }]);
    });
    it('changes nothing when resuming an available ride type', () =>
      given([])
        .when({ type: 'ResumeRideType', data: { rideType: 'VAN', resumedAt: at } })
        .thenNothing());
  });
});
