import type Database from 'better-sqlite3';
import type { Lease, LeaseStore } from '../../application/ports/lease-store.js';
import { openSqliteFile } from '../sqlite/open-sqlite.js';

type Row = { name: string; owner: string; token: number; expires_at: number };

/**
 * Leases in a SQLite table, for replicas sharing DATA_DIR (one machine, or one volume). Every
 * change runs in an IMMEDIATE transaction, so two processes racing for an expired lease are
 * serialised by SQLite's write lock: exactly one of them sees it free. Expiry uses the wall
 * clock of the machine that owns the file, the same for every replica.
 */
export class SqliteLeaseStore implements LeaseStore {
  private readonly db: Database.Database;
  private readonly acquire: (name: string, owner: string, ttlMs: number) => Lease | null;
  private readonly extend: (lease: Lease, ttlMs: number) => Lease | null;
  private readonly free;

  constructor(
    filename: string,
    private readonly now: () => number = Date.now,
  ) {
    this.db = openSqliteFile(filename, { synchronous: 'FULL' });
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS worker_leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, token INTEGER NOT NULL, expires_at INTEGER NOT NULL)',
    );
    const select = this.db.prepare<[string], Row>('SELECT name, owner, token, expires_at FROM worker_leases WHERE name = ?');
    const insert = this.db.prepare('INSERT INTO worker_leases (name, owner, token, expires_at) VALUES (?, ?, ?, ?)');
    const update = this.db.prepare('UPDATE worker_leases SET owner = ?, token = ?, expires_at = ? WHERE name = ?');
    const renew = this.db.prepare('UPDATE worker_leases SET expires_at = ? WHERE name = ? AND owner = ? AND token = ? AND expires_at > ?');
    // Released, not deleted: the token must keep growing across holders.
    this.free = this.db.prepare('UPDATE worker_leases SET expires_at = 0 WHERE name = ? AND owner = ? AND token = ?');

    const acquire = this.db.transaction((name: string, owner: string, ttlMs: number): Lease | null => {
      const now = this.now();
      const expiresAt = now + ttlMs;
      const row = select.get(name);
      if (!row) {
        insert.run(name, owner, 1, expiresAt);
        return { name, owner, token: 1, expiresAt };
      }
      if (row.owner === owner && row.expires_at > now) {
        update.run(owner, row.token, expiresAt, name);
        return { name, owner, token: row.token, expiresAt };
      }
      if (row.expires_at > now) return null;
      update.run(owner, row.token + 1, expiresAt, name);
      return { name, owner, token: row.token + 1, expiresAt };
    });
    this.acquire = (name, owner, ttlMs) => acquire.immediate(name, owner, ttlMs);
    this.extend = (lease, ttlMs) => {
      const now = this.now();
      const expiresAt = now + ttlMs;
      const changed = renew.run(expiresAt, lease.name, lease.owner, lease.token, now).changes;
      return changed === 1 ? { ...lease, expiresAt } : null;
    };
  }

  async tryAcquire(name: string, owner: string, ttlMs: number): Promise<Lease | null> {
    return this.acquire(name, owner, ttlMs);
  }

  async renew(lease: Lease, ttlMs: number): Promise<Lease | null> {
    return this.extend(lease, ttlMs);
  }

  async release(lease: Lease): Promise<void> {
    this.free.run(lease.name, lease.owner, lease.token);
  }

  close(): void {
    this.db.close();
  }
}
