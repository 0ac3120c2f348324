import { type DomainEvent, type Decider, assertNever } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';

/** The passenger rates a finished ride 1–5, once, within a day of the finish. */
export type RideRated = DomainEvent<'RideRated', { callId: string; passengerId: string; driverId: string; stars: number; ratedAt: string }>;
export type RatingEvent = RideRated;

/** `finishedAt`: when the ride finished, looked up on the ride; null while it has not. */
export type RateRide = { type: 'RateRide'; data: RideRated['data'] & { finishedAt: string | null } };
export type RatingCommand = RateRide;

export type RatingState = { status: 'unrated' } | { status: 'rated'; stars: number; ratedAt: string };

export const RATING_WINDOW_MS = 24 * 60 * 60 * 1000;
export const MIN_STARS = 1;
export const MAX_STARS = 5;

/** Whole stars from 1 to 5: the HTTP schema says so too, but the decider must not rely on its caller. */
const isStars = (stars: number) => Number.isInteger(stars) && stars >= MIN_STARS && stars <= MAX_STARS;

export const decide = (command: RatingCommand, state: RatingState): RatingEvent[] => {
  switch (command.type) {
    case 'RateRide': {
      const { finishedAt, ...rating } = command.data;
      const { callId } = rating;
      if (!isStars(rating.stars))
        throw new DomainError('RATING_OUT_OF_RANGE', 'Stars are a whole number from 1 to 5', { callId, stars: rating.stars });
      if (state.status === 'rated') throw new DomainError('RIDE_ALREADY_RATED', 'This ride was already rated', { callId, stars: state.stars });
      if (!finishedAt) throw new DomainError('RIDE_NOT_FINISHED', 'Only a finished ride can be rated', { callId });
      if (Date.parse(rating.ratedAt) - Date.parse(finishedAt) > RATING_WINDOW_MS) {
        throw new DomainError('RATING_WINDOW_CLOSED', 'A ride can be rated within 24 hours of its finish', { callId, finishedAt });
      }
      return [{ type: 'RideRated', data: rating }];
    }
    default:
      return assertNever(command.type);
  }
};

export const evolve = (state: RatingState, event: RatingEvent): RatingState =>
  event.type === 'RideRated' && state.status === 'unrated' ? { status: 'rated', stars: event.data.stars, ratedAt: event.data.ratedAt } : state;

export const ratingDecider: Decider<RatingCommand, RatingEvent, RatingState> = { decide, evolve, initialState: () => ({ status: 'unrated' }) };
export const ratingStream = (callId: string) => `rating-${callId}`;
