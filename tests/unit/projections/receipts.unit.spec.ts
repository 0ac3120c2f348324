import { expect } from 'chai';
import type { LogEvent } from '../../../src/domain/events.js';
import { driversProjection } from '../../../src/projections/drivers/drivers.projection.js';
import { receiptsProjection } from '../../../src/projections/receipts/receipts.projection.js';
import { aWholeRide, recordAll } from '../../support/recorded.js';
import { replay } from '../../support/replay.js';

describe('Receipts projection', () => {
  const rated: LogEvent = {
    type: 'RideRated',
    data: { callId: 'call-1', passengerId: 'p-1', driverId: 'd-1', stars: 4, ratedAt: '2026-11-25T10:00:00.000Z' },
  };
  const events = recordAll([...aWholeRide(), rated]);

  it('holds the times, the fare and the payment of a ride (an older ride: no tariff or meter recorded)', () => {
    expect(replay(receiptsProjection, events).get('call-1')).to.deep.include({
      driverId: 'd-1',
      startedAt: '2026-11-25T09:05:00.000Z',
      finishedAt: '2026-11-25T09:17:30.000Z',
      durationSeconds: 750,
      fare: { amount: 13000, currency: 'KRW' },
      payment: { paymentId: 'pay-call-1', status: 'APPROVED', amount: { amount: 13000, currency: 'KRW' }, gatewayReference: 'ch_1' },
      tariff: null,
      distanceMeters: null,
      rating: { stars: 4, ratedAt: '2026-11-25T10:00:00.000Z' },
    });
  });

  it('yields the same receipt when the same events are replayed twice', () => {
    expect(replay(receiptsProjection, [...events, ...events])).to.deep.equal(replay(receiptsProjection, events));
  });
});

describe("Drivers projection and passengers' ratings", () => {
  const registered: LogEvent = {
    type: 'DriverRegistered',
    data: { driverId: 'd-1', name: 'Kim', vehicleNo: 'v', rideTypes: ['STANDARD'], registeredAt: 't' },
  };
  const rating = (callId: string, stars: number): LogEvent => ({
    type: 'RideRated',
    data: { callId, passengerId: 'p', driverId: 'd-1', stars, ratedAt: 't' },
  });
  const events = recordAll([registered, rating('c-1', 5), rating('c-2', 4), rating('c-3', 4)]);

  it("keeps the driver's average rating and how many rides were rated", () => {
    expect(replay(driversProjection, events).get('d-1')).to.deep.include({ ratingCount: 3, averageRating: 4.33 });
  });

  it('yields the same average when replayed twice', () => {
    expect(replay(driversProjection, [...events, ...events])).to.deep.equal(replay(driversProjection, events));
  });
});
