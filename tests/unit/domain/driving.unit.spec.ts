import { expect } from 'chai';
import { type DrivingEvent, type FinishRide, type StartRide, drivingDecider } from '../../../src/domain/driving/driving.js';
import { REFERENCE_TARIFF, type Tariff } from '../../../src/domain/driving/fare.js';
import { fold } from '../../../src/domain/shared/decider.js';
import { specification } from '../../support/given-when-then.js';

const { given } = specification(drivingDecider);

const callId = 'call-1';
const startedAt = '2025-01-01T10:00:00.000Z';
const thirteenMinutesLater = '2025-01-01T10:13:00.000Z';

const start = (driverId = 'd-1'): StartRide => ({ type: 'StartRide', data: { callId, passengerId: 'p-1', driverId, startedAt } });
const started: DrivingEvent = { type: 'RideStarted', data: start().data };

const finish = (driverId = 'd-1', finishedAt = thirteenMinutesLater, tariff: Tariff = REFERENCE_TARIFF): FinishRide => ({
  type: 'FinishRide',
  data: { callId, driverId, finishedAt, tariff },
});
const finished = (finishedAt: string, durationSeconds: number, amount: number): DrivingEvent => ({
  type: 'RideFinished',
  data: { callId, passengerId: 'p-1', driverId: 'd-1', startedAt, finishedAt, durationSeconds, fare: { amount, currency: 'KRW' } },
});

describe('Driving', () => {
  describe('when the ride has not started', () => {
    it('starts the ride', () => {
      given([]).when(start()).then([started]);
    });

    it('refuses a finish with RIDE_NOT_STARTED', () => {
      given([]).when(finish()).thenThrows('RIDE_NOT_STARTED');
    });
  });

  describe('when the ride is under way', () => {
    it('finishes it, recording the duration and the fare of every started minute', () => {
      given([started])
        .when(finish())
        .then([finished(thirteenMinutesLater, 780, 13_000)]);
    });

    it('charges a started minute in full', () => {
      const oneSecondIntoTheFourteenthMinute = '2025-01-01T10:13:01.000Z';
      given([started])
        .when(finish('d-1', oneSecondIntoTheFourteenthMinute))
        .then([finished(oneSecondIntoTheFourteenthMinute, 781, 14_000)]);
    });

    it('prices the ride with the tariff it is given', () => {
      const night: Tariff = { currency: 'KRW', amountPerStartedMinute: 1_500, minimumMinutes: 5 };
      given([started])
        .when(finish('d-1', thirteenMinutesLater, night))
        .then([finished(thirteenMinutesLater, 780, 19_500)]);
    });

    it('charges the minimum when the finish time is not after the start', () => {
      given([started])
        .when(finish('d-1', startedAt))
        .then([finished(startedAt, 0, 1_000)]);
    });

    it('changes nothing when the same driver starts it again', () => {
      given([started]).when(start()).thenNothing();
    });

    it('refuses a finish by another driver with NOT_ASSIGNED_DRIVER', () => {
      given([started]).when(finish('d-2')).thenThrows('NOT_ASSIGNED_DRIVER');
    });

    it('refuses a start by another driver with NOT_ASSIGNED_DRIVER', () => {
      given([started]).when(start('d-2')).thenThrows('NOT_ASSIGNED_DRIVER');
    });
  });

  describe('when the ride has finished', () => {
    const history = [started, finished(thirteenMinutesLater, 780, 13_000)];

    it('changes nothing when finished again, even later', () => {
      given(history).when(finish('d-1', '2025-01-01T11:00:00.000Z')).thenNothing();
    });

    it('changes nothing when started again', () => {
      given(history).when(start()).thenNothing();
    });

    it('refuses a finish by another driver with NOT_ASSIGNED_DRIVER', () => {
      given(history).when(finish('d-2')).thenThrows('NOT_ASSIGNED_DRIVER');
    });
  });

  describe('evolve', () => {
    it('ignores an unknown event type without throwing', () => {
      const state = fold(drivingDecider, [started]);
      expect(drivingDecider.evolve(state, { type: 'RideTeleported', data: { callId } } as never)).to.deep.equal(state);
    });
  });
});
