import Database from 'better-sqlite3';

export type SqliteFileOptions = {
  /** `FULL`: an fsync per commit, survives power loss. `NORMAL` (WAL): survives a process crash. */
  synchronous: 'NORMAL' | 'FULL';
  /**
   * How long a write waits for another process's lock once open. better-sqlite3 waits
   * synchronously, so on a server this is time the whole event loop stands still.
   */
  busyTimeoutMs?: number;
};

/** How long opening waits for another process that is opening or writing the same file. */
const OPENING_BUSY_TIMEOUT_MS = 5_000;

/**
 * Every embedded store's SQLite file, opened the same way: WAL, so readers in other processes go
 * on while one writes. The busy timeout is set before switching to WAL, because two processes
 * opening a fresh file together (the api and workers roles on one DATA_DIR) race for that switch,
 * and the loser must wait for it rather than fail at start.
 */
export const openSqliteFile = (filename: string, { synchronous, busyTimeoutMs = OPENING_BUSY_TIMEOUT_MS }: SqliteFileOptions): Database.Database => {
  const db = new Database(filename);
  db.pragma(`busy_timeout = ${OPENING_BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  return db;
};
