import { expect } from 'chai';
import { REFERENCE_TARIFF, type Tariff, computeFare } from '../../../src/domain/driving/fare.js';

const minutes = (m: number) => m * 60;
const krw = (amount: number) => ({ amount, currency: 'KRW' });

describe('Fare', () => {
  describe('with the reference tariff (1,000 KRW per started minute, minimum one minute)', () => {
    it('is 1,000 KRW per started minute, as the product brief says', () => {
      expect(REFERENCE_TARIFF).to.deep.equal({ currency: 'KRW', amountPerStartedMinute: 1000, minimumMinutes: 1 });
    });

    const cases: Array<[string, number, number]> = [
      ['a ride of 0 seconds pays the one-minute minimum', 0, 1_000],
      ['a ride of 1 second pays the one-minute minimum', 1, 1_000],
      ['a ride of exactly 60 seconds pays one minute', 60, 1_000],
      ['a ride of 61 seconds pays two started minutes', 61, 2_000],
      ['a ride of 60.001 seconds pays two started minutes', 60.001, 2_000],
      ['a ride of exactly 2 minutes pays two minutes', minutes(2), 2_000],
      ['a ride of 59 minutes 1 second pays sixty started minutes', minutes(59) + 1, 60_000],
      ['a ride of exactly one hour pays sixty minutes', minutes(60), 60_000],
      ['a ride of one hour and 1 second pays sixty-one started minutes', minutes(60) + 1, 61_000],
    ];
    for (const [name, durationSeconds, amount] of cases) {
      it(name, () => {
        expect(computeFare(durationSeconds, REFERENCE_TARIFF)).to.deep.equal(krw(amount));
      });
    }

    it('treats a negative duration (clock skew) as the minimum', () => {
      expect(computeFare(-30, REFERENCE_TARIFF)).to.deep.equal(krw(1_000));
    });
  });

  describe('with another tariff (the tariff is data)', () => {
    const deluxe: Tariff = { currency: 'KRW', amountPerStartedMinute: 1_800, minimumMinutes: 3 };

    it('charges its own minimum for a short ride', () => {
      expect(computeFare(61, deluxe)).to.deep.equal(krw(5_400));
    });

    it('charges its own rate per started minute beyond the minimum', () => {
      expect(computeFare(minutes(10) + 1, deluxe)).to.deep.equal(krw(19_800));
    });

    it('charges nothing extra at exactly the minimum', () => {
      expect(computeFare(minutes(3), deluxe)).to.deep.equal(krw(5_400));
    });

    it('prices in the tariff currency', () => {
      const usd: Tariff = { currency: 'USD', amountPerStartedMinute: 2, minimumMinutes: 1 };
      expect(computeFare(minutes(4) + 30, usd)).to.deep.equal({ amount: 10, currency: 'USD' });
    });

    it('has no minimum when the minimum is zero minutes', () => {
      const noMinimum: Tariff = { currency: 'KRW', amountPerStartedMinute: 1_000, minimumMinutes: 0 };
      expect(computeFare(0, noMinimum)).to.deep.equal(krw(0));
      expect(computeFare(1, noMinimum)).to.deep.equal(krw(1_000));
    });
  });
});
