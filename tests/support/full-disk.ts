import type Database from 'better-sqlite3';

const isSqlite = (value: unknown): value is Database.Database =>
  typeof value === 'object' && value !== null && typeof (value as { pragma?: unknown }).pragma === 'function' && 'name' in value;

/**
 * The SQLite connection behind an adapter, found by its file name among the adapter's fields (and
 * theirs, a few levels down: wrappers delegate). Fault injection only: a test that makes a disk
 * full needs the very connection the adapter writes with, since `max_page_count` is per connection.
 */
export const sqliteConnectionOf = (root: object, file: string): Database.Database => {
  const seen = new Set<unknown>();
  let level: unknown[] = [root];
  for (let depth = 0; depth < 6 && level.length > 0; depth++) {
    const next: unknown[] = [];
    for (const value of level) {
      if (typeof value !== 'object' || value === null || seen.has(value)) continue;
      seen.add(value);
      if (isSqlite(value) && value.name.endsWith(file)) return value;
      if (!isSqlite(value)) next.push(...Object.values(value as Record<string, unknown>));
    }
    level = next;
  }
  throw new Error(`No SQLite connection to ${file} in the adapter`);
};

/** The disk is full for this connection: its file may not grow, and every page it has is filled. */
export const fillUp = (db: Database.Database) => {
  db.exec('CREATE TABLE IF NOT EXISTS test_filler (bytes BLOB)');
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const insert = db.prepare('INSERT INTO test_filler (bytes) VALUES (?)');
  // Shrinking rows fill what is left of the last pages, down to a few bytes.
  for (const size of [4_000, 1_000, 200, 20, 1]) {
    for (;;) {
      try {
        insert.run(Buffer.alloc(size));
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_FULL') throw error;
        break;
      }
    }
  }
};
