import { expect } from 'chai';
import { type CallEvent, type RequestCall, callDecider } from '../../../src/domain/call/call.js';
import { type RateRide, ratingDecider } from '../../../src/domain/rating/rating.js';
import { specification } from '../../support/given-when-then.js';
import { statusOfDomainError } from '../../../src/infrastructure/http/errors.js';

const place = { lat: 37.55, lng: 126.97, address: 'Seoul Station' };
const request = (checks: RequestCall['checks']): RequestCall => ({
  type: 'RequestCall',
  data: { callId: 'c-1', passengerId: 'p-1', pickup: place, destination: place, rideType: 'VAN', requestedAt: '2026-03-10T05:00:00.000Z' },
  ...(checks ? { checks } : {}),
});
const requested: CallEvent = { type: 'CallRequested', data: request(undefined).data };

describe('Call requests and what is looked up for them', () => {
  const { given } = specification(callDecider);
  it('accepts a request of an available ride type', () => {
    given([])
      .when(request({ rideTypeAvailable: true }))
      .then([requested]);
  });
  it('refuses a suspended ride type with RIDE_TYPE_UNAVAILABLE', () => {
    given([])
      .when(request({ rideTypeAvailable: false }))
      .thenThrows('RIDE_TYPE_UNAVAILABLE');
  });
  it('answers a retried request (same Idempotency-Key) with its call even after the ride type was suspended', () => {
    given([requested])
      .when(request({ rideTypeAvailable: false }))
      .thenNothing();
  });
});

describe('Rating', () => {
  const { given } = specification(ratingDecider);
  const finishedAt = '2026-03-10T05:00:00.000Z';
  const rate = (ratedAt: string, stars = 5, finished: string | null = finishedAt): RateRide => ({
    type: 'RateRide',
    data: { callId: 'c-1', passengerId: 'p-1', driverId: 'd-1', stars, ratedAt, finishedAt: finished },
  });
  const rated = (ratedAt: string, stars = 5) => ({
    type: 'RideRated' as const,
    data: { callId: 'c-1', passengerId: 'p-1', driverId: 'd-1', stars, ratedAt },
  });

  it('records the stars of a finished ride', () =>
    given([])
      .when(rate('2026-03-10T06:00:00.000Z'))
      .then([rated('2026-03-10T06:00:00.000Z')]));
  it('accepts a rating exactly 24 hours after the finish', () =>
    given([])
      .when(rate('2026-03-11T05:00:00.000Z'))
      .then([rated('2026-03-11T05:00:00.000Z')]));
  it('refuses a rating one second later with RATING_WINDOW_CLOSED', () =>
    given([]).when(rate('2026-03-11T05:00:01.000Z')).thenThrows('RATING_WINDOW_CLOSED'));
  it('refuses a ride not finished with RIDE_NOT_FINISHED', () =>
    given([])
      .when(rate('2026-03-10T06:00:00.000Z', 5, null))
      .thenThrows('RIDE_NOT_FINISHED'));
  it('refuses a second rating with RIDE_ALREADY_RATED', () =>
    given([rated('2026-03-10T06:00:00.000Z')])
      .when(rate('2026-03-10T06:01:00.000Z', 1))
      .thenThrows('RIDE_ALREADY_RATED'));

  describe('when the stars are out of range, whoever sends them', () => {
    for (const stars of [0, 6, -1, 2.5, Number.NaN]) {
      it(`refuses ${stars} stars with RATING_OUT_OF_RANGE`, () =>
        given([]).when(rate('2026-03-10T06:00:00.000Z', stars)).thenThrows('RATING_OUT_OF_RANGE'));
    }
    it('records the edges, 1 and 5 stars', () => {
      given([])
        .when(rate('2026-03-10T06:00:00.000Z', 1))
        .then([rated('2026-03-10T06:00:00.000Z', 1)]);
      given([])
        .when(rate('2026-03-10T06:00:00.000Z', 5))
        .then([rated('2026-03-10T06:00:00.000Z', 5)]);
    });
    it('answers bad stars as bad input (400), not as a state conflict', () => {
      expect(statusOfDomainError('RATING_OUT_OF_RANGE')).to.equal(400);
    });
  });
});
