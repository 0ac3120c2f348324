import { type Coordinates, distanceInMetres } from '../shared/geo.js';

/** One position the driver reported, with when. */
export type TrackPoint = { location: Coordinates; at: string };

/** `ESTIMATE_CAP`: the track measured far more than the route estimate; the cap is charged and the ride flagged. */
export type DistanceSource = 'TRACK' | 'STRAIGHT_LINE' | 'ESTIMATE_CAP';

/**
 * What the finish records about the road: how far, how long below the slow speed, and from what.
 * `measuredMeters`, only when the estimate's cap was charged instead: what the track claimed.
 */
export type RideMeasurement = { distanceMeters: number; slowSeconds: number; source: DistanceSource; points: number; measuredMeters?: number };

/** Faster than this between two pings is a GPS glitch, a lost stretch or a forged track, not driving. */
export const MAX_PLAUSIBLE_KMH = 150;
/**
 * A measured ride longer than this many times the route estimate's distance (and longer than the
 * estimate plus the slack) is charged at that cap and flagged for an operator: detours and traffic
 * make rides longer, not several times longer.
 */
export const ESTIMATE_CAP_FACTOR = 2;
export const ESTIMATE_CAP_SLACK_M = 3_000;
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
  /** The route estimate's distance quoted at the request; none (older calls), no cap. */
  estimateMeters?: number;
};

const kmh = (metres: number, seconds: number) => (metres / seconds) * 3.6;

type TimedPoint = { location: Coordinates; ms: number };

/** A fix this far off the line between its neighbours, and out of proportion to it, is a glitch. */
const SPIKE_MIN_DETOUR_M = 250;

/** Out and back: the point lies far off the way from the last good fix to the next one. */
const isSpike = (previous: TimedPoint, point: TimedPoint, next: TimedPoint | undefined): boolean => {
  if (!next) return false;
  const direct = distanceInMetres(previous.location, next.location);
  const detour = distanceInMetres(previous.location, point.location) + distanceInMetres(point.location, next.location) - direct;
  return detour > Math.max(SPIKE_MIN_DETOUR_M, 2 * direct);
};

/**
 * Judged over every pair, however close in time: pings sent less than a second apart are the
 * easiest way to claim kilometres no car drove (300 m every 0.9 s is 1,200 km/h).
 */
const isTooFast = (previous: TimedPoint, point: TimedPoint): boolean => {
  const metres = distanceInMetres(previous.location, point.location);
  const seconds = (point.ms - previous.ms) / 1000;
  return metres > (MAX_PLAUSIBLE_KMH / 3.6) * seconds;
};

/** The most a ride quoted at `estimateMeters` is charged for without an operator's look. */
export const estimateCapMeters = (estimateMeters: number) =>
  Math.round(Math.max(estimateMeters * ESTIMATE_CAP_FACTOR, estimateMeters + ESTIMATE_CAP_SLACK_M));

const capped = (measurement: RideMeasurement, estimateMeters: number | undefined): RideMeasurement => {
  if (estimateMeters === undefined) return measurement;
  const cap = estimateCapMeters(estimateMeters);
  if (measurement.distanceMeters <= cap) return measurement;
  return { ...measurement, distanceMeters: cap, source: 'ESTIMATE_CAP', measuredMeters: measurement.distanceMeters };
};

/**
 * The ride's distance from the driver's positions while driving: the haversine sum of the legs
 * between consecutive pings. Implausible fixes are dropped — one far off the way between its
 * neighbours (a GPS glitch), or one reached faster than a car drives — and the next ping is
 * measured from the last good one, so a wild fix neither adds kilometres nor hides the road.
 * Slow time is the time of the legs driven below the threshold. With too few positions the
 * straight line from pickup to destination stands in, and no slow time is claimed. More than the
 * route estimate's cap is not charged: the cap is, with the source `ESTIMATE_CAP` flagging it.
 */
export const measureRide = (input: MeasureInput): RideMeasurement => capped(measureTrack(input), input.estimateMeters);

const measureTrack = ({ track, pickup, destination, startedAt, finishedAt, slowBelowKmh }: MeasureInput): RideMeasurement => {
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
