import { type Coordinates, distanceInMetres } from '../shared/geo.js';
import { type FareBreakdown, type Money, priceRide, type Tariff } from './fare.js';

/** Roads are longer than the straight line: a city's usual detour, for a quote only. */
export const ROAD_FACTOR = 1.3;
/** Average speed of a city ride, pickup to destination, for a quote only. */
export const AVERAGE_CITY_KMH = 24;

export type FareEstimate = Money & { distanceMeters: number; durationSeconds: number; breakdown: FareBreakdown };

/**
 * What a ride will cost before it is requested: the straight line stretched by the usual detour,
 * driven at the average city speed, starting now, under the tariff that would be fixed for it.
 * No slow time is assumed; the measured ride decides the fare.
 */
export const estimateFare = (tariff: Tariff, pickup: Coordinates, destination: Coordinates, at: string, timeZone: string): FareEstimate => {
  const distanceMeters = Math.round(distanceInMetres(pickup, destination) * ROAD_FACTOR);
  const durationSeconds = Math.round((distanceMeters / 1000 / AVERAGE_CITY_KMH) * 3600);
  const finishedAt = new Date(Date.parse(at) + durationSeconds * 1000).toISOString();
  const { fare, breakdown } = priceRide({ durationSeconds, distanceMeters, slowSeconds: 0, startedAt: at, finishedAt }, tariff, timeZone);
  return { ...fare, distanceMeters, durationSeconds, breakdown };
};
