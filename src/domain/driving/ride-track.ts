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

/**
 * The ride's distance from the driver's positions while driving: the haversine sum of the legs
 * between consecutive pings. A leg implying an implausible speed is dropped and the next ping is
 * measured from the last plausible one, so one wild fix neither adds kilometres nor hides the
 * road. Slow time is the time of the legs driven below the threshold. With too few positions the
 * straight line from pickup to destination stands in, and no slow time is claimed.
 */
export const measureRide = ({ track, pickup, destination, startedAt, finishedAt, slowBelowKmh }: MeasureInput): RideMeasurement => {
  const from = Date.parse(startedAt);
  const to = Date.parse(finishedAt);
  const points = track
    .map((point) => ({ location: point.location, ms: Date.parse(point.at) }))
    .filter((point) => point.ms >= from && point.ms <= to)
    .sort((a, b) => a.ms - b.ms);
  if (points.length < MIN_TRACK_POINTS) {
    return { distanceMeters: Math.round(distanceInMetres(pickup, destination)), slowSeconds: 0, source: 'STRAIGHT_LINE', points: points.length };
  }
  let anchor = points[0]!;
  let distance = 0;
  let slowSeconds = 0;
  for (const point of points.slice(1)) {
    const metres = distanceInMetres(anchor.location, point.location);
    const seconds = (point.ms - anchor.ms) / 1000;
    // Two pings at the same instant carry no speed: the first one stands.
    if (seconds <= 0) continue;
    if (kmh(metres, seconds) > MAX_PLAUSIBLE_KMH) continue;
    distance += metres;
    if (slowBelowKmh !== undefined && kmh(metres, seconds) < slowBelowKmh) slowSeconds += seconds;
    anchor = point;
  }
  return { distanceMeters: Math.round(distance), slowSeconds: Math.round(slowSeconds), source: 'TRACK', points: points.length };
};
