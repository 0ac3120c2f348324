import { type DomainEvent, type Decider, assertNever } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { computeFare, type FareBreakdown, type Money, priceRide, type Tariff } from './fare.js';
import type { DistanceSource, RideMeasurement } from './ride-track.js';

/** Driving — the ride itself: it starts when the passenger boards and its duration prices it. */
export type RideStarted = DomainEvent<'RideStarted', { callId: string; passengerId: string; driverId: string; startedAt: string }>;
export type RideFinished = DomainEvent<
  'RideFinished',
  {
    callId: string;
    passengerId: string;
    driverId: string;
    startedAt: string;
    finishedAt: string;
    durationSeconds: number;
    fare: Money;
    /** Measured by the meter (absent from rides finished before it measured). */
    distanceMeters?: number;
    slowSeconds?: number;
    distanceSource?: DistanceSource;
    breakdown?: FareBreakdown;
    /** Set when an operator finished the ride for the driver: why, and whether they entered the fare. */
    forced?: ForcedFinish;
  }
>;
export type ForcedFinish = { reason: string; fareEntered: boolean };
export type DrivingEvent = RideStarted | RideFinished;

export type StartRide = { type: 'StartRide'; data: RideStarted['data'] };
/** `meter`: what was measured on the road, and the zone whose clock places the night surcharges. */
export type FinishMeter = { measurement: RideMeasurement; timeZone: string };
/** `forced`: an operator finishes the ride (a stuck one), with a reason and possibly the fare they set. */
export type FinishRide = {
  type: 'FinishRide';
  data: { callId: string; driverId: string; finishedAt: string; tariff: Tariff; meter?: FinishMeter };
  forced?: { reason: string; fare?: Money };
};
export type DrivingCommand = StartRide | FinishRide;

export type DrivingState =
  | { status: 'notStarted' }
  | { status: 'driving'; passengerId: string; driverId: string; startedAt: string }
  | { status: 'finished'; driverId: string; fare: Money; finishedAt: string };

const notAssigned = (callId: string) => new DomainError('NOT_ASSIGNED_DRIVER', 'This ride is assigned to another driver', { callId });

export const decide = (command: DrivingCommand, state: DrivingState): DrivingEvent[] => {
  const { callId, driverId } = command.data;
  if (state.status !== 'notStarted' && state.driverId !== driverId) throw notAssigned(callId);
  switch (command.type) {
    case 'StartRide':
      return state.status === 'notStarted' ? [{ type: 'RideStarted', data: command.data }] : [];
    case 'FinishRide': {
      if (state.status === 'notStarted') throw new DomainError('RIDE_NOT_STARTED', 'The ride has not started yet', { callId });
      if (state.status === 'finished') return [];
      const durationSeconds = Math.max(0, (Date.parse(command.data.finishedAt) - Date.parse(state.startedAt)) / 1000);
      const finished = {
        callId,
        passengerId: state.passengerId,
        driverId,
        startedAt: state.startedAt,
        finishedAt: command.data.finishedAt,
        durationSeconds,
      };
      const { meter, tariff } = command.data;
      const forced = command.forced ? { forced: { reason: command.forced.reason, fareEntered: command.forced.fare !== undefined } } : {};
      const entered = command.forced?.fare;
      if (!meter) return [{ type: 'RideFinished', data: { ...finished, fare: entered ?? computeFare(durationSeconds, tariff), ...forced } }];
      const { distanceMeters, slowSeconds, source } = meter.measurement;
      const priced = priceRide(
        { durationSeconds, distanceMeters, slowSeconds, startedAt: state.startedAt, finishedAt: command.data.finishedAt },
        tariff,
        meter.timeZone,
      );
      return [
        {
          type: 'RideFinished',
          data: {
            ...finished,
            fare: entered ?? priced.fare,
            distanceMeters,
            slowSeconds,
            distanceSource: source,
            ...(entered ? {} : { breakdown: priced.breakdown }),
            ...forced,
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
};

export const evolve = (state: DrivingState, event: DrivingEvent): DrivingState => {
  switch (event.type) {
    case 'RideStarted':
      return state.status === 'notStarted'
        ? { status: 'driving', passengerId: event.data.passengerId, driverId: event.data.driverId, startedAt: event.data.startedAt }
        : state;
    case 'RideFinished':
      return { status: 'finished', driverId: event.data.driverId, fare: event.data.fare, finishedAt: event.data.finishedAt };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
};

export const initialState = (): DrivingState => ({ status: 'notStarted' });

export const drivingDecider: Decider<DrivingCommand, DrivingEvent, DrivingState> = { decide, evolve, initialState };
export const drivingStream = (callId: string) => `driving-${callId}`;
