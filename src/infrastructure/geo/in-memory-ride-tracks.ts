import type { DriverPosition } from '../../application/ports/driver-positions.js';
import type { RideTracks } from '../../application/ports/ride-tracks.js';

/** The embedded adapter: positions in this process's memory, per driver in time order. Lost on restart (the finish then measures the straight line). */
export class InMemoryRideTracks implements RideTracks {
  private readonly tracks = new Map<string, DriverPosition[]>();

  async record(position: DriverPosition): Promise<void> {
    const track = this.tracks.get(position.driverId) ?? [];
    if (track.some((known) => known.at === position.at)) return;
    track.push(position);
    // Pings arrive in order nearly always: sorting an already sorted array is cheap.
    track.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    this.tracks.set(position.driverId, track);
  }

  async between(driverId: string, from: string, to: string): Promise<DriverPosition[]> {
    const [start, end] = [Date.parse(from), Date.parse(to)];
    return (this.tracks.get(driverId) ?? []).filter((position) => Date.parse(position.at) >= start && Date.parse(position.at) <= end);
  }

  async prune(before: string): Promise<void> {
    const limit = Date.parse(before);
    for (const [driverId, track] of this.tracks) {
      const kept = track.filter((position) => Date.parse(position.at) >= limit);
      if (kept.length === 0) this.tracks.delete(driverId);
      else this.tracks.set(driverId, kept);
    }
  }
}
