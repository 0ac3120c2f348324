import type Database from 'better-sqlite3';
import type { CheckpointStore } from '../../application/ports/checkpoint-store.js';
import { openSqliteFile } from '../sqlite/open-sqlite.js';

/**
 * Consumers' progress in a small SQLite table, shared by every process role on this machine.
 * synchronous=NORMAL: a checkpoint lost to a power cut only makes its consumer handle a few
 * events again, which every consumer tolerates (they are idempotent) — not worth an fsync on the
 * event loop after every batch of every consumer.
 */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly db: Database.Database;
  private readonly select;
  private readonly upsert;

  constructor(filename: string) {
    this.db = openSqliteFile(filename, { synchronous: 'NORMAL' });
    this.db.exec('CREATE TABLE IF NOT EXISTS consumer_checkpoints (consumer TEXT PRIMARY KEY, position INTEGER NOT NULL, updated_at TEXT NOT NULL)');
    this.select = this.db.prepare<[string], { position: number }>('SELECT position FROM consumer_checkpoints WHERE consumer = ?');
    // Never moves backwards: a slow replica cannot undo a faster one's progress.
    this.upsert = this.db.prepare(
      `INSERT INTO consumer_checkpoints (consumer, position, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (consumer) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
       WHERE excluded.position > consumer_checkpoints.position`,
    );
  }

  async load(consumer: string): Promise<number> {
    return this.select.get(consumer)?.position ?? 0;
  }

  async save(consumer: string, position: number): Promise<void> {
    this.upsert.run(consumer, position, new Date().toISOString());
  }

  close(): void {
    this.db.close();
  }
}
