import { expect } from 'chai';
import type { FinishRide, DrivingEvent } from '../../../src/domain/driving/driving.js';
import { drivingDecider } from '../../../src/domain/driving/driving.js';
import { MAX_PLAUSIBLE_KMH, type TrackPoint, estimateCapMeters, measureRide } from '../../../src/domain/driving/ride-track.js';
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

    it('keeps honest pings sent faster than a second apart (and drops an out-and-back glitch among them)', () => {
      const quick = (ms: number, metresNorth: number): TrackPoint => ({
        ...at(0, metresNorth),
        at: new Date(Date.parse(startedAt) + ms).toISOString(),
      });
      // 10 m every 500 ms is 72 km/h; the 8 km fix is a glitch.
      const measured = measure([quick(0, 0), quick(500, 10), quick(1_000, 20), quick(1_500, 8_000), quick(2_000, 30), quick(2_500, 40)]);
      expect(measured.distanceMeters).to.be.closeTo(40, 1);
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

  describe('given a forged track: pings every 0.9 s along a circle, 300 m apart', () => {
    // 41 pings over 36.6 s around a circle of ten 300 m chords: 11.7 km claimed, 1,180 km/h.
    const radius = 300 / (2 * Math.sin(Math.PI / 10));
    const circle = Array.from({ length: 41 }, (_, i): TrackPoint => {
      const angle = (2 * Math.PI * i) / 10;
      return {
        location: { lat: pickup.lat + (radius * Math.sin(angle)) / 111_195, lng: pickup.lng + (radius * (1 - Math.cos(angle))) / 88_000 },
        at: new Date(Date.parse(startedAt) + i * 900).toISOString(),
      };
    });
    const forged = () => measureRide({ track: circle, pickup, destination, startedAt, finishedAt: circle.at(-1)!.at });

    it('claims 11.7 km as sent', () => {
      let claimed = 0;
      for (let i = 1; i < circle.length; i++) claimed += distanceInMetres(circle[i - 1]!.location, circle[i]!.location);
      expect(claimed).to.be.closeTo(12_000, 400);
    });

    it('charges no more than a car could drive in the ride’s 36 s, at most', () => {
      const { distanceMeters, source } = forged();
      expect(source).to.equal('TRACK');
      expect(distanceMeters)
        .to.be.at.most(Math.round((MAX_PLAUSIBLE_KMH / 3.6) * 36))
        .and.to.be.at.most(1_500);
    });
  });

  describe('given a route estimate', () => {
    const honest = [at(0, 0), at(60, 500), at(120, 1_000), at(180, 1_500)];

    it('leaves an honest ride as measured', () => {
      expect(measureRide({ track: honest, pickup, destination, startedAt, finishedAt, estimateMeters: 1_400 })).to.deep.equal(measure(honest));
    });

    it('charges the cap and flags the ride (ESTIMATE_CAP) when the track claims far more than the estimate', () => {
      // 4.5 km at 45 km/h, plausible pair by pair, against a 600 m estimate: capped at 600 m + 3 km.
      const long = Array.from({ length: 7 }, (_, i) => at(i * 60, i * 750));
      const measured = measureRide({ track: long, pickup, destination, startedAt, finishedAt, estimateMeters: 600 });
      expect(measured).to.deep.equal({ distanceMeters: 3_600, slowSeconds: 0, source: 'ESTIMATE_CAP', points: 7, measuredMeters: 4_500 });
      expect(estimateCapMeters(10_000)).to.equal(20_000);
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

  it('records what the track claimed when the estimate’s cap was charged instead', () => {
    const capped = { distanceMeters: 3_600, slowSeconds: 0, source: 'ESTIMATE_CAP' as const, points: 7, measuredMeters: 4_500 };
    const [event] = drivingDecider.decide(
      { ...finish, data: { ...finish.data, meter: { measurement: capped, timeZone: 'Asia/Seoul' } } },
      {
        status: 'driving',
        passengerId: 'p-1',
        driverId: 'd-1',
        startedAt,
      },
    );
    const finished = event?.type === 'RideFinished' ? event.data : undefined;
    expect([finished?.distanceMeters, finished?.distanceSource, finished?.measuredMeters]).to.deep.equal([3_600, 'ESTIMATE_CAP', 4_500]);
  });
});
