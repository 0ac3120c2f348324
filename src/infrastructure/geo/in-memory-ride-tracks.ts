import type { DriverPosition } from '../../application/ports/driver-positions.js';
import type { RideTracks } from '../../application/ports/ride-tracks.js';

type Point = { atMs: number; position: DriverPosition };

/** The first index whose point is at or after `atMs` (the track is in time order). */
const firstAtOrAfter = (track: readonly Point[], atMs: number): number => {
  let [low, high] = [0, track.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (track[middle]!.atMs < atMs) low = middle + 1;
    else high = middle;
  }
  return low;
};

/**
 * A driver waiting for a call drives no ride: of their track only the last `keepMs` is kept. A ride
 * is measured from its start, and its driver is busy from the accept before it, so no point of a
 * ride is ever dropped: what goes is older than `keepMs` when the driver is already free again.
 */
export type IdleTracks = { isFree: (driverId: string) => boolean; keepMs: number };

/** Dropping the head of an array costs a copy: done once this many points have gone stale. */
const TRIM_AFTER = 32;

/**
 * The embedded adapter: positions in this process's memory, per driver in time order. Lost on
 * restart (the finish then measures the straight line). Pings arrive in order nearly always, so a
 * point is appended in O(1) and a late one is inserted where a binary search puts it: the hottest
 * write never sorts or re-parses a track. With `idle`, memory follows the rides on the road rather
 * than the hours of pings of a city's waiting fleet.
 */
export class InMemoryRideTracks implements RideTracks {
  private readonly tracks = new Map<string, Point[]>();

  constructor(private readonly idle?: IdleTracks) {}

  async record(position: DriverPosition): Promise<void> {
    this.add(position);
  }

  async recordAll(positions: readonly DriverPosition[]): Promise<void> {
    for (const position of positions) this.add(position);
  }

  async between(driverId: string, from: string, to: string): Promise<DriverPosition[]> {
    const track = this.tracks.get(driverId) ?? [];
    const [start, end] = [Date.parse(from), Date.parse(to)];
    const points: DriverPosition[] = [];
    for (let i = firstAtOrAfter(track, start); i < track.length && track[i]!.atMs <= end; i++) points.push(track[i]!.position);
    return points;
  }

  async prune(before: string): Promise<void> {
    const limit = Date.parse(before);
    for (const [driverId, track] of this.tracks) {
      const kept = track.slice(firstAtOrAfter(track, limit));
      if (kept.length === 0) this.tracks.delete(driverId);
      else this.tracks.set(driverId, kept);
    }
  }

  private add(position: DriverPosition): void {
    const atMs = Date.parse(position.at);
    let track = this.tracks.get(position.driverId);
    if (!track) this.tracks.set(position.driverId, (track = []));
    const last = track.at(-1);
    if (!last || last.atMs < atMs) {
      track.push({ atMs, position });
      this.trimIdle(position.driverId, track);
      return;
    }
    const slot = firstAtOrAfter(track, atMs);
    // The same driver at the same instant is kept once.
    if (track[slot]?.atMs !== atMs) track.splice(slot, 0, { atMs, position });
  }

  private trimIdle(driverId: string, track: Point[]): void {
    if (!this.idle || track.length <= TRIM_AFTER) return;
    const stale = firstAtOrAfter(track, track.at(-1)!.atMs - this.idle.keepMs);
    if (stale >= TRIM_AFTER && this.idle.isFree(driverId)) track.splice(0, stale);
  }
}
