import type Database from 'better-sqlite3';
import type { DriverPosition } from '../../application/ports/driver-positions.js';
import type { RideTracks } from '../../application/ports/ride-tracks.js';
import { openSqliteFile } from '../sqlite/open-sqlite.js';

type Row = { driver_id: string; lat: number; lng: number; at: number };

const toPosition = ({ driver_id, lat, lng, at }: Row): DriverPosition => ({
  driverId: driver_id,
  location: { lat, lng },
  at: new Date(at).toISOString(),
});

const millis = (at: string): number => {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 time: ${at}`);
  return ms;
};

/**
 * Positions in `DATA_DIR/ride-tracks.db`, for roles split over processes on one machine: the API
 * process that received a ping and the one that finishes the ride may differ. A file of its own,
 * like the last positions, so a ping never waits for the log's lock; `synchronous = NORMAL`,
 * because a ride whose last pings were lost in a power cut is measured from the rest.
 */
export class SqliteRideTracks implements RideTracks {
  private readonly db: Database.Database;
  private readonly insert;
  private readonly range;
  private readonly older;
  private readonly insertAll: (positions: readonly DriverPosition[]) => void;

  constructor(filename: string) {
    this.db = openSqliteFile(filename, { synchronous: 'NORMAL', busyTimeoutMs: 100 });
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ride_track_points (driver_id TEXT NOT NULL, at INTEGER NOT NULL, lat REAL NOT NULL, lng REAL NOT NULL, PRIMARY KEY (driver_id, at)) WITHOUT ROWID;
       CREATE INDEX IF NOT EXISTS ride_track_points_at ON ride_track_points (at)`,
    );
    this.insert = this.db.prepare('INSERT INTO ride_track_points (driver_id, at, lat, lng) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.range = this.db.prepare<[string, number, number], Row>(
      'SELECT driver_id, lat, lng, at FROM ride_track_points WHERE driver_id = ? AND at BETWEEN ? AND ? ORDER BY at',
    );
    this.older = this.db.prepare('DELETE FROM ride_track_points WHERE at < ?');
    this.insertAll = this.db.transaction((positions: readonly DriverPosition[]) => {
      for (const { driverId, location, at } of positions) this.insert.run(driverId, millis(at), location.lat, location.lng);
    });
  }

  async record({ driverId, location, at }: DriverPosition): Promise<void> {
    this.insert.run(driverId, millis(at), location.lat, location.lng);
  }

  async recordAll(positions: readonly DriverPosition[]): Promise<void> {
    if (positions.length > 0) this.insertAll(positions);
  }

  async between(driverId: string, from: string, to: string): Promise<DriverPosition[]> {
    return this.range.all(driverId, millis(from), millis(to)).map(toPosition);
  }

  async prune(before: string): Promise<void> {
    this.older.run(millis(before));
  }

  close(): void {
    this.db.close();
  }
}
