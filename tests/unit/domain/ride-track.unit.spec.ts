import { expect } from 'chai';
import type { FinishRide, DrivingEvent } from '../../../src/domain/driving/driving.js';
import { drivingDecider } from '../../../src/domain/driving/driving.js';
import { type TrackPoint, measureRide } from '../../../src/domain/driving/ride-track.js';
import { distanceInMetres } from '../../../src/domain/shared/geo.js';
import { specification } from '../../support/given-when-then.js';
import { SEOUL_2023 } from '../../support/tariffs.js';

const startedAt = '2025-03-10T05:00:00.000Z';
const finishedAt = '2025-03-10T05:20:00.000Z';
const pickup = { lat: 37.5547, lng: 126.9707 };
const destination = { lat: 37.4979, lng: 127.0276 };
/** A point `metresNorth` of the pickup, `seconds` into the ride. */
const at = (seconds: number, metresNorth: number): TrackPoint => ({
  location: { lat: pickup.lat + metresNorth / 111_195, lng: pickup.lng },
  at: new Date(Date.parse(startedAt) + seconds * 1000).toISOString(),
});
const measure = (track: TrackPoint[], slowBelowKmh?: number) =>
  measureRide({ track, pickup, destination, startedAt, finishedAt, ...(slowBelowKmh ? { slowBelowKmh } : {}) });

describe('Measuring a ride', () => {
  describe('given the driver reported positions along the way', () => {
    it('sums the legs between them', () => {
      const measured = measure([at(0, 0), at(60, 500), at(120, 1_000), at(180, 1_500)]);
      expect(measured.source).to.equal('TRACK');
      expect(measured.distanceMeters).to.be.closeTo(1_500, 2);
    });

    it('drops a leg at an implausible speed and measures on from the last good fix', () => {
      // A fix 5 km off, 10 s after the last: 1,800 km/h, a GPS glitch.
      const measured = measure([at(0, 0), at(60, 500), at(70, 5_500), at(120, 1_000), at(180, 1_500)]);
      expect(measured.distanceMeters).to.be.closeTo(1_500, 2);
    });

    it('keeps a ping taken exactly at the finish', () => {
      const measured = measure([at(0, 0), at(600, 500), at(1_200, 1_000)]);
      expect(measured.distanceMeters).to.be.closeTo(1_000, 2);
    });

    it('ignores positions outside the ride', () => {
      const measured = measure([at(-60, -2_000), at(0, 0), at(60, 500), at(120, 1_000), at(1_500, 9_000)]);
      expect(measured.distanceMeters).to.be.closeTo(1_000, 2);
    });

    it('measures on from a new place two fixes agree on, without the jump to it (a lost stretch)', () => {
      // 500 m, then 3 km further 10 s later (1,080 km/h: not driven as measured), then on from there.
      const measured = measure([at(0, 0), at(60, 500), at(70, 3_500), at(130, 4_000), at(190, 4_500)]);
      expect(measured.distanceMeters).to.be.closeTo(1_500, 2);
    });

    it('keeps pings sent faster than a second apart, which say nothing about speed (and drops an out-and-back glitch among them)', () => {
      const quick = (ms: number, metresNorth: number): TrackPoint => ({
        ...at(0, metresNorth),
        at: new Date(Date.parse(startedAt) + ms).toISOString(),
      });
      const measured = measure([quick(0, 0), quick(20, 400), quick(40, 8_000), quick(60, 800), quick(80, 1_200)]);
      expect(measured.distanceMeters).to.be.closeTo(1_200, 2);
    });

    it('counts the time of legs below the speed threshold as slow', () => {
      // 60 s for 250 m = 15.0 km/h (slow), 60 s for 275 m = 16.5 km/h (not slow).
      const measured = measure([at(0, 0), at(60, 250), at(120, 525), at(180, 775)], 15.72);
      expect(measured.slowSeconds).to.equal(120);
    });

    it('counts a leg driven exactly at the threshold as not slow, and one a hair below as slow', () => {
      // The threshold is the first leg's own speed, computed as the meter computes it.
      const track = [at(0, 0), at(60, 250), at(120, 499)];
      const exactKmh = (distanceInMetres(track[0]!.location, track[1]!.location) / 60) * 3.6;
      expect(measure(track, exactKmh).slowSeconds, 'at the threshold').to.equal(60);
      expect(measure(track, exactKmh + 1e-9).slowSeconds, 'a hair below it').to.equal(120);
    });

    it('counts no slow time without a threshold', () => {
      expect(measure([at(0, 0), at(60, 10), at(120, 20)]).slowSeconds).to.equal(0);
    });
  });

  describe('given too few positions', () => {
    it('falls back to the straight line from pickup to destination, with no slow time', () => {
      const measured = measure([at(0, 0), at(60, 500)], 15.72);
      expect(measured).to.deep.equal({
        distanceMeters: Math.round(distanceInMetres(pickup, destination)),
        slowSeconds: 0,
        source: 'STRAIGHT_LINE',
        points: 2,
      });
    });
  });
});

describe('Driving, finished with a meter', () => {
  const { given } = specification(drivingDecider);
  const started: DrivingEvent = { type: 'RideStarted', data: { callId: 'c-1', passengerId: 'p-1', driverId: 'd-1', startedAt } };
  const finish: FinishRide = {
    type: 'FinishRide',
    data: {
      callId: 'c-1',
      driverId: 'd-1',
      finishedAt,
      tariff: SEOUL_2023,
      meter: { measurement: { distanceMeters: 5_000, slowSeconds: 300, source: 'TRACK', points: 40 }, timeZone: 'Asia/Seoul' },
    },
  };

  it('records the measured distance, slow time and breakdown in the finish event', () => {
    given([started])
      .when(finish)
      .then([
        {
          type: 'RideFinished',
          data: {
            callId: 'c-1',
            passengerId: 'p-1',
            driverId: 'd-1',
            startedAt,
            finishedAt,
            durationSeconds: 1_200,
            fare: { amount: 8_300, currency: 'KRW' },
            distanceMeters: 5_000,
            slowSeconds: 300,
            distanceSource: 'TRACK',
            breakdown: {
              baseFare: 4_800,
              distanceCharge: 2_500,
              slowTimeCharge: 1_000,
              timeCharge: 0,
              minimumTopUp: 0,
              surcharges: [],
              rounding: 0,
              total: 8_300,
              currency: 'KRW',
            },
          },
        },
      ]);
  });
});
