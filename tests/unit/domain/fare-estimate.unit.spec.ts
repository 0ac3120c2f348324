import { expect } from 'chai';
import { priceRide } from '../../../src/domain/driving/fare.js';
import { estimateFare } from '../../../src/domain/driving/fare-estimate.js';
import { distanceInMetres } from '../../../src/domain/shared/geo.js';
import { SEOUL_2023 } from '../../support/tariffs.js';

const seoulStation = { lat: 37.5547, lng: 126.9707 };
const gangnam = { lat: 37.4979, lng: 127.0276 };
/** 8,066.5 m as the crow flies. */
const straight = distanceInMetres(seoulStation, gangnam);

/** What the meter would charge for the ride the estimate assumes: same road, same minutes, same clock. */
const meterFor = (distanceMeters: number, durationSeconds: number, startedAt: string, timeZone: string) =>
  priceRide(
    {
      distanceMeters,
      durationSeconds,
      slowSeconds: 0,
      startedAt,
      finishedAt: new Date(Date.parse(startedAt) + durationSeconds * 1000).toISOString(),
    },
    SEOUL_2023,
    timeZone,
  );

describe('The fare estimate', () => {
  describe('given Seoul Station to Gangnam under the 2023 meter', () => {
    it('stretches the straight line by the road factor and drives it at 24 km/h', () => {
      const estimate = estimateFare(SEOUL_2023, seoulStation, gangnam, '2025-03-10T05:00:00.000Z', 'Asia/Seoul');
      // 8,066.5 m × 1.3 = 10,486 m; at 24 km/h that is 1,573 s.
      expect([Math.round(straight), estimate.distanceMeters, estimate.durationSeconds]).to.deep.equal([8_067, 10_486, 1_573]);
    });

    it('prices an afternoon ride as the meter would: 4,800 + 67 units of 131 m = 11,500 KRW', () => {
      const at = '2025-03-10T05:00:00.000Z'; // 14:00 in Seoul
      const estimate = estimateFare(SEOUL_2023, seoulStation, gangnam, at, 'Asia/Seoul');
      expect(estimate.amount).to.equal(11_500);
      expect(estimate.breakdown).to.deep.equal(meterFor(10_486, 1_573, at, 'Asia/Seoul').breakdown);
    });

    it('surcharges the part of a ride that starts at 21:50 and runs past 22:00: 12,900 KRW', () => {
      const at = '2025-03-10T12:50:00.000Z'; // 21:50 in Seoul; the ride ends at 22:16:13
      const estimate = estimateFare(SEOUL_2023, seoulStation, gangnam, at, 'Asia/Seoul');
      // 973 s of 1,573 after 22:00 at 20 %: 11,500 × 0.2 × 973 / 1,573 = 1,423 → 12,923 → 12,900.
      expect(estimate.breakdown.surcharges.map(({ percent, seconds, amount }) => ({ percent, seconds, amount }))).to.deep.equal([
        { percent: 20, seconds: 973, amount: 1_423 },
      ]);
      expect(estimate.amount).to.equal(12_900);
      expect(estimate.breakdown).to.deep.equal(meterFor(10_486, 1_573, at, 'Asia/Seoul').breakdown);
    });

    it('reads the night windows on the service clock it is given, not Seoul’s', () => {
      const at = '2025-03-10T21:50:00.000Z'; // 21:50 UTC, 06:50 in Seoul
      expect(estimateFare(SEOUL_2023, seoulStation, gangnam, at, 'UTC').amount).to.equal(12_900);
      expect(estimateFare(SEOUL_2023, seoulStation, gangnam, at, 'Asia/Seoul').amount).to.equal(11_500);
      expect(estimateFare(SEOUL_2023, seoulStation, gangnam, at, 'UTC').breakdown).to.deep.equal(meterFor(10_486, 1_573, at, 'UTC').breakdown);
    });
  });
});
