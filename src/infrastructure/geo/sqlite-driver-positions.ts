import type Database from 'better-sqlite3';
import type { DriverPosition, DriverPositions } from '../../application/ports/driver-positions.js';
import { openSqliteFile } from '../sqlite/open-sqlite.js';

type Row = { driver_id: string; lat: number; lng: number; at: number };

const toPosition = ({ driver_id, lat, lng, at }: Row): DriverPosition => ({
  driverId: driver_id,
  location: { lat, lng },
  at: new Date(at).toISOString(),
});

/**
 * Last positions in `DATA_DIR/driver-positions.db`, one row per driver, for roles split over
 * processes on one machine (or one volume): API processes write, worker processes read what changed.
 * A file of its own, so a ping never waits for the log's or the read models' write lock.
 *
 * `at` is kept in milliseconds, and the upsert only replaces an older row, so a late ping never
 * overwrites a newer one whichever process wrote it. `synchronous = NORMAL`: a power cut may lose
 * the last pings, which the next ones replace within seconds. The busy timeout is short: a ping
 * that cannot get the write lock soon is better answered 503 (and sent again) than held up.
 */
export class SqliteDriverPositions implements DriverPositions {
  private readonly db: Database.Database;
  private readonly upsert;
  private readonly one;
  private readonly all;
  private readonly since;
  private readonly upsertAll: (positions: readonly DriverPosition[]) => void;

  constructor(filename: string) {
    this.db = openSqliteFile(filename, { synchronous: 'NORMAL', busyTimeoutMs: 100 });
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS driver_positions (driver_id TEXT PRIMARY KEY, lat REAL NOT NULL, lng REAL NOT NULL, at INTEGER NOT NULL);
       CREATE INDEX IF NOT EXISTS driver_positions_at ON driver_positions (at)`,
    );
    this.upsert = this.db.prepare(
      `INSERT INTO driver_positions (driver_id, lat, lng, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (driver_id) DO UPDATE SET lat = excluded.lat, lng = excluded.lng, at = excluded.at
       WHERE excluded.at > driver_positions.at`,
    );
    this.one = this.db.prepare<[string], Row>('SELECT driver_id, lat, lng, at FROM driver_positions WHERE driver_id = ?');
    this.all = this.db.prepare<[], Row>('SELECT driver_id, lat, lng, at FROM driver_positions');
    this.since = this.db.prepare<[number], Row>('SELECT driver_id, lat, lng, at FROM driver_positions WHERE at >= ?');
    // A batch of pings is one transaction: one WAL commit for hundreds of drivers.
    this.upsertAll = this.db.transaction((positions: readonly DriverPosition[]) => {
      for (const { driverId, location, at } of positions) this.upsert.run(driverId, location.lat, location.lng, millis(at));
    });
  }

  async save({ driverId, location, at }: DriverPosition): Promise<void> {
    this.upsert.run(driverId, location.lat, location.lng, millis(at));
  }

  async saveAll(positions: readonly DriverPosition[]): Promise<void> {
    if (positions.length > 0) this.upsertAll(positions);
  }

  async positionOf(driverId: string): Promise<DriverPosition | null> {
    const row = this.one.get(driverId);
    return row ? toPosition(row) : null;
  }

  async lastKnown(): Promise<DriverPosition[]> {
    return this.all.all().map(toPosition);
  }

  async changedSince(at: string): Promise<DriverPosition[]> {
    return this.since.all(millis(at)).map(toPosition);
  }

  close(): void {
    this.db.close();
  }
}

const millis = (at: string): number => {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 time: ${at}`);
  return ms;
};
