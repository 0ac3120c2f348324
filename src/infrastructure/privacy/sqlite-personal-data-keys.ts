import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { PersonalDataKeys } from '../../application/ports/personal-data-keys.js';
import { StoreUnavailableError } from '../../application/ports/store-unavailable.js';
import { openSqliteFile } from '../sqlite/open-sqlite.js';

type KeyRow = { key: Buffer | null };
const TRUNCATE_ATTEMPTS = 25;
type Waiting = { resolve: (key: Buffer | null) => void; reject: (error: unknown) => void };

/**
 * Keys in an embedded SQLite file beside the read models (DATA_DIR/personal-data-keys.db), shared
 * by every local role. FULL synchronous: a key lost in a power cut would make its events unreadable.
 * A destroyed key is a row with a NULL key (the tombstone), SQLite's secure_delete overwrites the
 * freed bytes instead of leaving the old key in a free page of the file, and the WAL that still
 * holds it is checkpointed and truncated before the erasure answers.
 */
export class SqlitePersonalDataKeys implements PersonalDataKeys {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, Buffer, string]>;
  private readonly select: Database.Statement<[string], KeyRow>;
  private readonly erase: Database.Statement<[{ subject: string; at: string }]>;
  /** Subjects whose key is to be made in the next transaction, and who waits for each. */
  private creating = new Map<string, Waiting[]>();

  constructor(filename: string) {
    this.db = openSqliteFile(filename, { synchronous: 'FULL', busyTimeoutMs: 1_000 });
    this.db.pragma('secure_delete = ON');
    this.db.exec('CREATE TABLE IF NOT EXISTS personal_data_keys (subject TEXT PRIMARY KEY, key BLOB, created_at TEXT NOT NULL, erased_at TEXT)');
    this.insert = this.db.prepare('INSERT INTO personal_data_keys (subject, key, created_at) VALUES (?, ?, ?) ON CONFLICT (subject) DO NOTHING');
    this.select = this.db.prepare('SELECT key FROM personal_data_keys WHERE subject = ?');
    this.erase = this.db.prepare(
      `INSERT INTO personal_data_keys (subject, key, created_at, erased_at) VALUES (@subject, NULL, @at, @at)
       ON CONFLICT (subject) DO UPDATE SET key = NULL, erased_at = coalesce(erased_at, excluded.erased_at)`,
    );
  }

  /**
   * The subject's key, made on first use. A key is durable before it is answered (one fsync), so
   * the keys first needed in the same turn of the event loop are made in one transaction: a
   * fleet signing in pays one fsync per batch, not per driver. A key that exists costs one read.
   */
  async keyFor(subject: string): Promise<Buffer | null> {
    const row = this.select.get(subject);
    if (row) return row.key;
    return new Promise((resolve, reject) => {
      const waiting = this.creating.get(subject);
      if (waiting) return void waiting.push({ resolve, reject });
      if (this.creating.size === 0) setImmediate(() => this.createWaiting());
      this.creating.set(subject, [{ resolve, reject }]);
    });
  }

  private createWaiting(): void {
    const batch = this.creating;
    this.creating = new Map();
    const at = new Date().toISOString();
    try {
      // Another process may make the same subject's key meanwhile: theirs stands, and both answer it.
      this.db.transaction(() => batch.forEach((_, subject) => this.insert.run(subject, randomBytes(32), at)))();
      batch.forEach((waiting, subject) => {
        const key = this.select.get(subject)?.key ?? null;
        waiting.forEach(({ resolve }) => resolve(key));
      });
    } catch (error) {
      batch.forEach((waiting) => waiting.forEach(({ reject }) => reject(error)));
    }
  }

  async find(subject: string): Promise<Buffer | null> {
    return this.select.get(subject)?.key ?? null;
  }

  async destroy(subject: string, at: string): Promise<void> {
    this.erase.run({ subject, at });
    await this.truncateWal();
  }

  /**
   * The destroyed key's bytes are still in the WAL's older frames until they are copied into the
   * file (where secure_delete zeroes them) and the WAL is truncated. Another process reading the
   * file at that moment holds the checkpoint back for a few milliseconds: try a few times.
   */
  private async truncateWal(): Promise<void> {
    for (let attempt = 0; attempt < TRUNCATE_ATTEMPTS; attempt++) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      if (result?.busy === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // A 503 to retry: destroying again is harmless, and the erasure must not answer before this.
    throw new StoreUnavailableError('busy', { cause: new Error('The WAL of the personal data keys could not be truncated after an erasure') });
  }

  async ping(): Promise<boolean> {
    return this.db.prepare('SELECT 1').get() !== undefined;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
