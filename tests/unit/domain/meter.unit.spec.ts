import { expect } from 'chai';
import { type RideMeasure, type Tariff, priceRide } from '../../../src/domain/driving/fare.js';
import { SEOUL_2023 } from '../../support/tariffs.js';

const SEOUL = 'Asia/Seoul';
/** A ride in Seoul local time (UTC+9) on 10 March 2025, from `start` for `minutes`. */
const ride = (start: string, minutes: number, distanceMeters: number, slowSeconds = 0): RideMeasure => {
  const startedAt = new Date(`2025-03-10T${start}:00+09:00`);
  const finishedAt = new Date(startedAt.getTime() + minutes * 60_000);
  return { durationSeconds: minutes * 60, distanceMeters, slowSeconds, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString() };
};
const fareOf = (measure: RideMeasure, tariff = SEOUL_2023) => priceRide(measure, tariff, SEOUL).fare.amount;

describe('The meter', () => {
  describe("given Seoul's 2023 tariff, rides computed by hand", () => {
    it('prices a 5 km afternoon ride with 5 minutes in traffic at 8,300 KRW', () => {
      // 4,800 base (first 1.6 km) + 3,400 m beyond: 25 completed 131 m units (3,275 m) = 2,500
      // + 300 s below 15.72 km/h: 10 units of 30 s = 1,000 → 8,300, no surcharge at 14:00.
      expect(fareOf(ride('14:00', 20, 5_000, 300))).to.equal(8_300);
    });

    it('prices a 10 km ride at 00:30 with 2 minutes in traffic at 16,200 KRW', () => {
      // 4,800 + 8,400 m beyond: 64 units (8,384 m) = 6,400 + 120 s: 4 units = 400 → 11,600;
      // +40 % (23:00–02:00) = 4,640 → 16,240, rounded to 100 → 16,200.
      expect(fareOf(ride('00:30', 20, 10_000, 120))).to.equal(16_200);
    });

    it('prices a 1.2 km ride at 22:30 at the night base fare of 5,800 KRW', () => {
      // 4,800 (within the first 1.6 km) +20 % (22:00–23:00) = 5,760 → 5,800, the city's night base fare.
      expect(fareOf(ride('22:30', 5, 1_200))).to.equal(5_800);
    });

    it('charges +40 % on the base fare alone between 23:00 and 02:00: 6,700 KRW', () => {
      // 4,800 × 1.4 = 6,720 → 6,700, the city's late-night base fare.
      expect(fareOf(ride('23:30', 5, 1_000))).to.equal(6_700);
    });
  });

  describe('across the night windows (the share of the ride in each)', () => {
    it('surcharges a ride across 23:00 half at 20 % and half at 40 %', () => {
      // 22:50–23:10, 8 km: 4,800 + 48 units (6,288 m of 6,400) = 4,800 → 9,600;
      // 600 s of 1,200 at 20 % = 960, 600 s at 40 % = 1,920 → 12,480 → 12,500.
      const priced = priceRide(ride('22:50', 20, 8_000), SEOUL_2023, SEOUL);
      expect(priced.fare.amount).to.equal(12_500);
      expect(priced.breakdown.surcharges.map(({ percent, seconds, amount }) => ({ percent, seconds, amount }))).to.deep.equal([
        { percent: 20, seconds: 600, amount: 960 },
        { percent: 40, seconds: 600, amount: 1_920 },
      ]);
    });

    it('keeps +40 % for a ride across midnight (the window wraps)', () => {
      // 23:50–00:10, 3 km, 60 s slow: 4,800 + 10 units = 1,000 + 2 units = 200 → 6,000; +40 % → 8,400.
      expect(fareOf(ride('23:50', 20, 3_000, 60))).to.equal(8_400);
    });

    it('splits a ride across 02:00 between 40 % and 20 %', () => {
      // 01:50–02:10, base fare only: 4,800 × (0.5 × 40 % + 0.5 × 20 %) = 1,440 → 6,240 → 6,200.
      expect(fareOf(ride('01:50', 20, 1_500))).to.equal(6_200);
    });

    it('surcharges only the night half of a ride across 04:00', () => {
      // 03:50–04:10: 4,800 + 10 min of 20 min at 20 % = 480 → 5,280 → 5,300.
      expect(fareOf(ride('03:50', 20, 1_500))).to.equal(5_300);
    });

    const edges: Array<[string, string, number, number]> = [
      ['a ride ending exactly at 22:00 pays no surcharge', '21:50', 10, 4_800],
      ['a ride starting exactly at 22:00 pays +20 %', '22:00', 10, 5_800],
      ['a ride starting exactly at 04:00 pays no surcharge', '04:00', 10, 4_800],
      ['a ride of no duration at 23:00 pays +40 %', '23:00', 0, 6_700],
      ['a ride of no duration at 21:59 pays no surcharge', '21:59', 0, 4_800],
    ];
    for (const [name, start, minutes, amount] of edges) {
      it(name, () => expect(fareOf(ride(start, minutes, 1_000))).to.equal(amount));
    }

    it('reads the clock in the zone it is given', () => {
      // 22:30 in Seoul is 13:30 UTC: no surcharge on the UTC clock.
      expect(priceRide(ride('22:30', 5, 1_000), SEOUL_2023, 'UTC').fare.amount).to.equal(4_800);
    });
  });

  describe('at the included distance', () => {
    const cases: Array<[number, number]> = [
      [0, 4_800],
      [1_600, 4_800],
      [1_730, 4_800],
      [1_731, 4_900],
      [1_862, 5_000],
    ];
    for (const [metres, amount] of cases) {
      it(`charges ${amount} KRW for ${metres} m`, () => expect(fareOf(ride('12:00', 10, metres))).to.equal(amount));
    }
  });

  describe('at the speed threshold (per completed 30 s below it)', () => {
    const cases: Array<[number, number]> = [
      [0, 4_800],
      [29, 4_800],
      [30, 4_900],
      [59, 4_900],
      [60, 5_000],
    ];
    for (const [seconds, amount] of cases) {
      it(`charges ${amount} KRW for ${seconds} s slow`, () => expect(fareOf(ride('12:00', 10, 1_000, seconds))).to.equal(amount));
    }
  });

  describe('with a minimum fare', () => {
    const withMinimum: Tariff = { ...SEOUL_2023, minimumFare: 5_000, nightSurcharges: [] };

    it('tops a short ride up to the minimum', () => {
      const { fare, breakdown } = priceRide(ride('12:00', 5, 1_000), withMinimum, SEOUL);
      expect([fare.amount, breakdown.minimumTopUp]).to.deep.equal([5_000, 200]);
    });

    it('adds nothing once the meter passed the minimum', () => {
      expect(priceRide(ride('12:00', 5, 1_993), withMinimum, SEOUL).breakdown.minimumTopUp).to.equal(0);
    });
  });

  describe('at night with a minimum fare (the surcharge comes after the top-up)', () => {
    const withMinimum: Tariff = { ...SEOUL_2023, minimumFare: 5_000 };

    it('surcharges the topped-up fare: 5,000 KRW +40 % at 23:30 is 7,000 KRW', () => {
      // 4,800 metered, topped up by 200 to 5,000, +40 % (23:00–02:00) = 2,000 → 7,000.
      const { fare, breakdown } = priceRide(ride('23:30', 5, 1_000), withMinimum, SEOUL);
      expect([fare.amount, breakdown.minimumTopUp, breakdown.surcharges.map((line) => line.amount)]).to.deep.equal([7_000, 200, [2_000]]);
    });
  });

  describe('with a surcharge window whose end equals its start (all day long)', () => {
    const allDay = (clock: string): Tariff => ({ ...SEOUL_2023, nightSurcharges: [{ from: clock, to: clock, percent: 10 }] });

    it('surcharges a whole afternoon ride, as a window that wraps all the way round', () => {
      // 4,800 + 10 % = 5,280 → 5,300; the window covers all 600 s of the ride.
      const { fare, breakdown } = priceRide(ride('14:00', 10, 1_000), allDay('00:00'), SEOUL);
      expect([fare.amount, breakdown.surcharges.map((line) => line.seconds)]).to.deep.equal([5_300, [600]]);
    });

    it('surcharges a ride across the window’s own clock time, and a ride of no duration', () => {
      expect(fareOf(ride('11:55', 10, 1_000), allDay('12:00'))).to.equal(5_300);
      expect(fareOf(ride('12:00', 0, 1_000), allDay('12:00'))).to.equal(5_300);
    });
  });

  describe('rounding', () => {
    const base = (baseFare: number, roundTo?: number): Tariff => ({
      currency: 'KRW',
      amountPerStartedMinute: 0,
      minimumMinutes: 0,
      baseFare,
      ...(roundTo ? { roundTo } : {}),
    });
    const cases: Array<[number, number | undefined, number]> = [
      [5_749, 100, 5_700],
      [5_750, 100, 5_800],
      [5_700, 100, 5_700],
      [5_749, undefined, 5_749],
    ];
    for (const [amount, roundTo, expected] of cases) {
      it(`rounds ${amount} to ${expected} with a unit of ${roundTo ?? 1}`, () => {
        const { fare, breakdown } = priceRide(ride('12:00', 1, 0), base(amount, roundTo), SEOUL);
        expect([fare.amount, breakdown.rounding]).to.deep.equal([expected, expected - amount]);
      });
    }
  });

  describe('the breakdown', () => {
    it('adds up to the total', () => {
      const { breakdown } = priceRide(ride('22:50', 20, 8_000, 95), SEOUL_2023, SEOUL);
      const parts = breakdown.baseFare + breakdown.distanceCharge + breakdown.slowTimeCharge + breakdown.timeCharge + breakdown.minimumTopUp;
      const surcharges = breakdown.surcharges.reduce((sum, line) => sum + line.amount, 0);
      expect(parts + surcharges + breakdown.rounding).to.equal(breakdown.total);
    });
  });
});
