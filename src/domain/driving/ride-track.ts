import { type Coordinates, distanceInMetres } from '../shared/geo.js';

/** One position the driver reported, with when. */
export type TrackPoint = { location: Coordinates; at: string };

export type DistanceSource = 'TRACK' | 'STRAIGHT_LINE';

/** What the finish records about the road: how far, how long below the slow speed, and from what. */
export type RideMeasurement = { distanceMeters: number; slowSeconds: number; source: DistanceSource; points: number };

/** Faster than this between two pings is a GPS glitch or a lost stretch, not driving. */
export const MAX_PLAUSIBLE_KMH = 150;
/** Fewer usable positions than this cannot trace a route: the straight line is fairer. */
export const MIN_TRACK_POINTS = 3;

type MeasureInput = {
  track: readonly TrackPoint[];
  pickup: Coordinates;
  destination: Coordinates;
  startedAt: string;
  finishedAt: string;
  /** Time below this speed counts as slow (the tariff's threshold); none, nothing counts. */
  slowBelowKmh?: number;
};

const kmh = (metres: number, seconds: number) => (metres / seconds) * 3.6;

type TimedPoint = { location: Coordinates; ms: number };

/** Pings closer in time than this say nothing about speed (network timing, not driving). */
const MIN_SPEED_SAMPLE_S = 1;
/** A fix this far off the line between its neighbours, and out of proportion to it, is a glitch. */
const SPIKE_MIN_DETOUR_M = 250;

/** Out and back: the point lies far off the way from the last good fix to the next one. */
const isSpike = (previous: TimedPoint, point: TimedPoint, next: TimedPoint | undefined): boolean => {
  if (!next) return false;
  const direct = distanceInMetres(previous.location, next.location);
  const detour = distanceInMetres(previous.location, point.location) + distanceInMetres(point.location, next.location) - direct;
  return detour > Math.max(SPIKE_MIN_DETOUR_M, 2 * direct);
};

const isTooFast = (previous: TimedPoint, point: TimedPoint): boolean => {
  const seconds = (point.ms - previous.ms) / 1000;
  return seconds >= MIN_SPEED_SAMPLE_S && kmh(distanceInMetres(previous.location, point.location), seconds) > MAX_PLAUSIBLE_KMH;
};

/**
 * The ride's distance from the driver's positions while driving: the haversine sum of the legs
 * between consecutive pings. Implausible fixes are dropped — one far off the way between its
 * neighbours (a GPS glitch), or one reached faster than a car drives — and the next ping is
 * measured from the last good one, so a wild fix neither adds kilometres nor hides the road.
 * Slow time is the time of the legs driven below the threshold. With too few positions the
 * straight line from pickup to destination stands in, and no slow time is claimed.
 */
export const measureRide = ({ track, pickup, destination, startedAt, finishedAt, slowBelowKmh }: MeasureInput): RideMeasurement => {
  const from = Date.parse(startedAt);
  const to = Date.parse(finishedAt);
  const points: TimedPoint[] = track
    .map((point) => ({ location: point.location, ms: Date.parse(point.at) }))
    .filter((point) => point.ms >= from && point.ms <= to)
    .sort((a, b) => a.ms - b.ms);
  if (points.length < MIN_TRACK_POINTS) {
    return { distanceMeters: Math.round(distanceInMetres(pickup, destination)), slowSeconds: 0, source: 'STRAIGHT_LINE', points: points.length };
  }
  // Legs between consecutive kept points are driven; a jump to a new place is not a leg.
  const legs: Array<[TimedPoint, TimedPoint]> = [];
  let anchor = points[0]!;
  let jumpedTo: TimedPoint | undefined;
  points.slice(1).forEach((point, index) => {
    if (isSpike(anchor, point, points[index + 2])) return;
    if (!isTooFast(anchor, point)) {
      legs.push([anchor, point]);
      [anchor, jumpedTo] = [point, undefined];
    } else if (jumpedTo && !isTooFast(jumpedTo, point)) {
      // Two fixes agree on the new place (a stretch lost in a tunnel): measure on from there.
      legs.push([jumpedTo, point]);
      [anchor, jumpedTo] = [point, undefined];
    } else {
      jumpedTo = point;
    }
  });
  let distance = 0;
  let slowSeconds = 0;
  for (const [a, b] of legs) {
    const metres = distanceInMetres(a.location, b.location);
    const seconds = (b.ms - a.ms) / 1000;
    distance += metres;
    if (slowBelowKmh !== undefined && seconds > 0 && kmh(metres, seconds) < slowBelowKmh) slowSeconds += seconds;
  }
  return { distanceMeters: Math.round(distance), slowSeconds: Math.round(slowSeconds), source: 'TRACK', points: points.length };
};
