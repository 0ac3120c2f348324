import type Database from 'better-sqlite3';
import type { DeadLetter, DeadLetterKey, DeadLetterStore } from '../../application/ports/dead-letter-store.js';
import type { OutgoingNotification } from '../../application/ports/notifier.js';
import { openSqliteFile } from '../sqlite/open-sqlite.js';

type Row = { payload: string; reason: string; failures: number; first_failed_at: string; last_failed_at: string };

const letterOf = (row: Row): DeadLetter => ({
  notification: JSON.parse(row.payload) as OutgoingNotification,
  reason: row.reason,
  failures: row.failures,
  firstFailedAt: row.first_failed_at,
  lastFailedAt: row.last_failed_at,
});

/** Undelivered notifications in a SQLite table under DATA_DIR, keyed by notification id. */
export class SqliteDeadLetterStore implements DeadLetterStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(filename: string) {
    this.db = openSqliteFile(filename, { synchronous: 'FULL' });
    this.db.exec(`CREATE TABLE IF NOT EXISTS notification_dead_letters (
      notification_id TEXT PRIMARY KEY,
      payload TEXT NOT NULL,
      reason TEXT NOT NULL,
      failures INTEGER NOT NULL,
      first_failed_at TEXT NOT NULL,
      last_failed_at TEXT NOT NULL,
      seq INTEGER NOT NULL
    )`);
    this.statements = {
      upsert: this.db.prepare(
        `INSERT INTO notification_dead_letters (notification_id, payload, reason, failures, first_failed_at, last_failed_at, seq)
         VALUES (@id, @payload, @reason, 1, @at, @at, (SELECT COALESCE(MAX(seq), 0) + 1 FROM notification_dead_letters))
         ON CONFLICT (notification_id) DO UPDATE SET reason = excluded.reason, failures = failures + 1, last_failed_at = excluded.last_failed_at`,
      ),
      oldest: this.db.prepare<[number], Row>(
        'SELECT payload, reason, failures, first_failed_at, last_failed_at FROM notification_dead_letters ORDER BY seq LIMIT ?',
      ),
      page: this.db.prepare<[string, string, number], Row>(
        `SELECT payload, reason, failures, first_failed_at, last_failed_at FROM notification_dead_letters
         WHERE (first_failed_at, notification_id) > (?, ?) ORDER BY first_failed_at, notification_id LIMIT ?`,
      ),
      get: this.db.prepare<[string], Row>(
        'SELECT payload, reason, failures, first_failed_at, last_failed_at FROM notification_dead_letters WHERE notification_id = ?',
      ),
      remove: this.db.prepare('DELETE FROM notification_dead_letters WHERE notification_id = ?'),
      count: this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM notification_dead_letters'),
    };
  }

  async add(notification: OutgoingNotification, reason: string, at: string): Promise<void> {
    this.statements.upsert.run({ id: notification.notificationId, payload: JSON.stringify(notification), reason, at });
  }

  async oldest(limit: number): Promise<DeadLetter[]> {
    return this.statements.oldest.all(limit).map(letterOf);
  }

  async page(limit: number, after?: DeadLetterKey): Promise<DeadLetter[]> {
    return this.statements.page.all(after?.firstFailedAt ?? '', after?.notificationId ?? '', limit).map(letterOf);
  }

  async get(notificationId: string): Promise<DeadLetter | null> {
    const row = this.statements.get.get(notificationId);
    return row ? letterOf(row) : null;
  }

  async remove(notificationId: string): Promise<void> {
    this.statements.remove.run(notificationId);
  }

  async count(): Promise<number> {
    return this.statements.count.get()?.n ?? 0;
  }

  close(): void {
    this.db.close();
  }
}
