import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { expect } from 'chai';
import { WalCheckpointer } from '../../src/infrastructure/sqlite/wal-checkpointer.js';
import { openSqliteFile } from '../../src/infrastructure/sqlite/open-sqlite.js';
import { eventually } from '../support/eventually.js';

describe('WAL checkpoints off the event loop', () => {
  let dir: string;
  let file: string;
  let db: Database.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxi-wal-'));
    file = join(dir, 'test.db');
    db = openSqliteFile(file, { synchronous: 'NORMAL' });
    db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const writeMegabytes = (megabytes: number) => {
    const insert = db.prepare('INSERT INTO rows (body) VALUES (?)');
    const body = 'x'.repeat(1_000);
    db.transaction(() => {
      for (let i = 0; i < megabytes * 1_000; i += 1) insert.run(body);
    })();
  };

  it('leaves commits to the WAL and copies them into the database file from another thread', async () => {
    const checkpointer = new WalCheckpointer(db, { intervalMs: 1_000 });
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).to.equal(0);
      const before = statSync(file).size;
      writeMegabytes(8);
      // Far past SQLite's 1,000-page auto-checkpoint, yet the commit itself copied nothing back.
      expect(statSync(`${file}-wal`).size).to.be.greaterThan(8_000_000);
      expect(statSync(file).size).to.equal(before);
      await eventually(() => statSync(file).size > 8_000_000, 5_000, 'database file filled by the checkpoint thread', 20);
    } finally {
      await checkpointer.close();
    }
    expect(db.pragma('wal_autocheckpoint', { simple: true }), 'auto-checkpoint restored once the thread stops').to.equal(1_000);
  });
});
