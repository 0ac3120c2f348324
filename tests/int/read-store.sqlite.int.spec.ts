import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { type Filter, type FindOptions, InvalidReadDocumentError } from '../../src/application/ports/read-store.js';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store.js';
import { findQuery } from '../../src/infrastructure/read-store/sqlite-sql.js';
import { readStoreContract } from './read-store.contract.js';
import { rejectionOf, upsert } from './read-store.helpers.js';

const freshFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'taxi-rs-'));
  return { file: join(dir, 'read.db'), removeDir: () => rmSync(dir, { recursive: true, force: true }) };
};

readStoreContract('embedded SQLite', async () => {
  const { file, removeDir } = freshFile();
  const store = new SqliteReadStore(file);
  return {
    store,
    cleanup: async () => {
      await store.close();
      removeDir();
    },
  };
});

/** Commits `rounds` batches from another process, each touching two collections and the checkpoint. */
const writerProcess = (file: string, rounds: number) => {
  const adapter = new URL('../../src/infrastructure/read-store/sqlite-read-store.ts', import.meta.url).href;
  const code = `
    import { SqliteReadStore } from ${JSON.stringify(adapter)};
    const store = new SqliteReadStore(${JSON.stringify(file)});
    for (let version = 1; version <= ${rounds}; version++) {
      const calls = Array.from({ length: 20 }, (_, i) => ({ kind: 'upsert', collection: 'calls', document: { id: 'c' + i, version }, position: version }));
      const passenger = { kind: 'upsert', collection: 'passenger_calls', document: { id: 'p1', version }, position: version };
      await store.commit('dashboard', [...calls, passenger], version);
    }
    await store.close();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise<number | null>((resolve) => child.on('exit', resolve));
};

describe('Embedded SQLite read store', () => {
  it('never shows a reader in another process half a commit', async function () {
    this.timeout(60_000);
    const { file, removeDir } = freshFile();
    const store = new SqliteReadStore(file);
    await store.commit('dashboard', [upsert('calls', { id: 'c0', version: 0 }, 0), upsert('passenger_calls', { id: 'p1', version: 0 }, 0)], 0);
    const reader = new Database(file, { readonly: true });
    // One read transaction = one snapshot of the file, as a query handler would see it.
    const snapshot = reader.transaction(() => ({
      calls: reader.prepare("SELECT DISTINCT json_extract(doc, '$.version') AS v FROM calls").pluck().all(),
      passenger: reader.prepare("SELECT json_extract(doc, '$.version') FROM passenger_calls").pluck().get(),
      checkpoint: reader.prepare("SELECT position FROM checkpoints WHERE projection = 'dashboard'").pluck().get(),
    }));
    let exitCode: number | null | undefined;
    const writer = writerProcess(file, 1_000).then((code) => (exitCode = code));
    const torn: unknown[] = [];
    const versionsSeen = new Set<unknown>();
    while (exitCode === undefined) {
      const seen = snapshot();
      versionsSeen.add(seen.checkpoint);
      const consistent = seen.calls.length === 1 && seen.calls[0] === seen.passenger && seen.passenger === seen.checkpoint;
      if (!consistent) torn.push(seen);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await writer;
    reader.close();
    await store.close();
    removeDir();
    expect(exitCode).to.equal(0);
    expect(torn).to.deep.equal([]);
    // The reader must really have overlapped the writer for this test to be able to fail.
    expect(versionsSeen.size).to.be.greaterThan(2);
  });

  it('commits several projections in one transaction: one bad document, and none of them lands', async () => {
    const { file, removeDir } = freshFile();
    const store = new SqliteReadStore(file);
    try {
      const failed = store.commitAll([
        { projection: 'dashboard', changes: [upsert('calls', { id: 'c1' }, 3)], checkpoint: 3 },
        { projection: 'drivers', changes: [upsert('drivers', { id: 'd1', 'bad.key': 1 }, 3)], checkpoint: 3 },
      ]);
      expect(await rejectionOf(failed)).to.be.instanceOf(InvalidReadDocumentError);
      expect(await store.find('calls', {})).to.deep.equal([]);
      expect(await store.listCheckpoints()).to.deep.equal([]);
    } finally {
      await store.close();
      removeDir();
    }
  });

  it('lets a reader on another connection follow a swap made by the writer', async () => {
    const { file, removeDir } = freshFile();
    const writer = new SqliteReadStore(file);
    const reader = new SqliteReadStore(file);
    await writer.commit('dashboard', [upsert('calls', { id: 'c1', version: 'old' }, 1)], 1);
    expect(await reader.get('calls', 'c1')).to.deep.equal({ id: 'c1', version: 'old' });
    await writer.commit('rebuild', [upsert('calls_shadow', { id: 'c1', version: 'new' }, 1)], 1);
    await writer.replaceCollections([{ target: 'calls', shadow: 'calls_shadow' }], { name: 'dashboard', position: 1 });
    // The reader's cached statement on "calls" now reads the renamed table.
    expect(await reader.get('calls', 'c1')).to.deep.equal({ id: 'c1', version: 'new' });
    expect(await reader.find('calls_shadow', {})).to.deep.equal([]);
    await writer.close();
    await reader.close();
    removeDir();
  });

  describe('query plans', () => {
    let store: SqliteReadStore;
    let removeDir: () => void;
    let raw: Database.Database;
    let explain: (filter: Filter, options?: FindOptions) => string;
    before(async () => {
      const fresh = freshFile();
      removeDir = fresh.removeDir;
      const file = fresh.file;
      store = new SqliteReadStore(file);
      await store.ensureIndexes('calls', [
        [
          ['passengerId', 'asc'],
          ['requestedAt', 'desc'],
          ['id', 'asc'],
        ],
        [
          ['status', 'asc'],
          ['requestedAt', 'asc'],
        ],
        [['driver.driverId', 'asc']],
      ]);
      raw = new Database(file, { readonly: true });
      explain = (filter, options = {}) => {
        const query = findQuery('calls', filter, options);
        return (raw.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as Array<{ detail: string }>).map((row) => row.detail).join('; ');
      };
    });
    after(async () => {
      raw.close();
      await store.close();
      removeDir();
    });

    it('answers a filtered, sorted query from one index without sorting', () => {
      const plan = explain({ passengerId: 'p1' }, { sort: [['requestedAt', 'desc']], limit: 20 });
      expect(plan)
        .to.match(/USING INDEX ix:passengerId:asc,requestedAt:desc,id:asc#/)
        .and.not.to.match(/TEMP B-TREE/);
    });

    it('uses an index for $in and for dotted fields', () => {
      expect(explain({ status: { $in: ['REQUESTED', 'DISPATCHED'] } })).to.match(/USING INDEX ix:status:asc,requestedAt:asc#/);
      expect(explain({ 'driver.driverId': 'd1' })).to.match(/USING INDEX ix:driver\.driverId:asc#/);
    });

    it('gets by id through the primary key', () => {
      expect(explain({ id: 'c1' })).to.match(/USING INDEX sqlite_autoindex_calls_1 \(id=\?\)/);
    });
  });
});
