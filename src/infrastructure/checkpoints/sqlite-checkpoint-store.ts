import type Database from 'better-sqlite3';
import type { Checkpoint, CheckpointStore } from '../../application/ports/checkpoint-store.js';
import { openSqliteFile } from '../sqlite/open-sqlite.js';

/**
 * Followers' progress in a small SQLite file, shared by every process role on this machine: apart
 * from the read models' file, so a worker's checkpoint never waits for the projector's write lock.
 * synchronous=NORMAL: a checkpoint lost to a power cut only makes its follower handle a few
 * events again, which every follower tolerates (they are idempotent) — not worth an fsync on the
 * event loop after every batch of every follower.
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

  async getCheckpoint(name: string): Promise<number> {
    return this.select.get(name)?.position ?? 0;
  }

  async saveCheckpoint(name: string, position: number): Promise<void> {
    this.upsert.run(name, position, new Date().toISOString());
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    return this.db.prepare<[], Checkpoint>('SELECT consumer AS name, position FROM consumer_checkpoints ORDER BY consumer').all();
  }

  async resetCheckpoint(name: string): Promise<void> {
    this.db.prepare('DELETE FROM consumer_checkpoints WHERE consumer = ?').run(name);
  }

  async renameCheckpoint(from: string, to: string): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO consumer_checkpoints (consumer, position, updated_at) SELECT ?, position, updated_at FROM consumer_checkpoints WHERE consumer = ?
           ON CONFLICT (consumer) DO NOTHING`,
        )
        .run(to, from);
      this.db.prepare('DELETE FROM consumer_checkpoints WHERE consumer = ?').run(from);
    })();
  }

  close(): void {
    this.db.close();
  }
}
