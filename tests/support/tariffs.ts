import type { Tariff } from '../../src/domain/driving/fare.js';

/** Seoul's 2023 meter, as set by the city: the example the tariff model must reproduce. */
export const SEOUL_2023: Tariff = {
  currency: 'KRW',
  amountPerStartedMinute: 0,
  minimumMinutes: 0,
  baseFare: 4_800,
  includedDistanceMeters: 1_600,
  distanceRate: { amount: 100, perMeters: 131 },
  slowTimeRate: { amount: 100, perSeconds: 30, belowKmh: 15.72 },
  nightSurcharges: [
    { from: '22:00', to: '23:00', percent: 20 },
    { from: '23:00', to: '02:00', percent: 40 },
    { from: '02:00', to: '04:00', percent: 20 },
  ],
  roundTo: 100,
};
