import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Checkpoint } from '../../application/ports/checkpoint-store.js';
import {
  CollectionNotFoundError,
  type CollectionSwap,
  type DocumentChange,
  type Filter,
  type FindOptions,
  type IndexSpec,
  type ProjectionCommit,
  type ReadDocument,
  type ReadStore,
} from '../../application/ports/read-store.js';
import {
  assertCollectionName,
  assertFilter,
  assertFindOptions,
  assertCount,
  assertIndexes,
  assertSwaps,
  coalesceChanges,
  toJsonText,
} from './read-store-rules.js';
import {
  CHECKPOINTS_DDL,
  createIndexSql,
  deleteSql,
  findQuery,
  indexSignature,
  SAVE_CHECKPOINT_SQL,
  signatureOfIndexName,
  tableDdl,
  upsertSql,
} from './sqlite-sql.js';
import { openSqliteFile } from '../sqlite/open-sqlite.js';
import { WalCheckpointer } from '../sqlite/wal-checkpointer.js';

type PreparedCommit = { projection: string; checkpoint: number; winners: DocumentChange[]; json: string[] };

export type SqliteReadStoreOptions = {
  busyTimeoutMs?: number;
  backgroundCheckpoints?: boolean;
  /**
   * SQLite's page cache for this connection (its default is 2 MiB). A rebuild inserts documents
   * keyed by random ids: with the default, nearly every insert evicts a page of the id index,
   * and a dirty page evicted mid-transaction is spilled to the WAL and read back. A tool that
   * rebuilds gives it room; a server keeps the default and its memory.
   */
  pageCacheMiB?: number;
};

/**
 * Embedded read store: one table per collection in one SQLite file, shared by processes (the API
 * reads while a projector writes). WAL lets readers go on during a write; `busy_timeout` makes a
 * second writer wait for the lock instead of failing (see `busyTimeoutMs`); every write transaction is `BEGIN IMMEDIATE`
 * so two writers never deadlock upgrading a read lock. A commit is one transaction: the documents and
 * the checkpoint land together or not at all. The conditional upsert still guards each document, so
 * two projector replicas sharing the file cannot regress a view either.
 */
export class SqliteReadStore implements ReadStore {
  readonly swapIsAtomic = true;
  private readonly db: Database.Database;
  private readonly checkpointer: WalCheckpointer | undefined;
  private readonly statements = new Map<string, Database.Statement>();
  /** Made once: better-sqlite3 builds a transaction's wrappers each time `transaction()` is called. */
  private readonly writeCommits: Database.Transaction<SqliteReadStore['writeChanges']>;
  /** Filters with `$in` lists of many lengths make many distinct statements; keep the recent ones. */
  private static readonly MAX_CACHED_STATEMENTS = 500;

  /**
   * `busyTimeoutMs`: how long a write waits for another process's lock. better-sqlite3 waits
   * synchronously, freezing the whole event loop meanwhile — fine for a CLI, not for a server,
   * where a short wait that fails is better: its projection batch is retried with backoff, and
   * commands and queries go on (measured: a 2 s lock held by another process froze the server
   * for 2 s with the old 5 s wait).
   */
  constructor(
    readonly filename: string,
    options: SqliteReadStoreOptions = {},
  ) {
    // A read model can be rebuilt from the event log, so a power loss costing the last commits is fine.
    this.db = openSqliteFile(filename, { synchronous: 'NORMAL', busyTimeoutMs: options.busyTimeoutMs ?? 5_000 });
    if (options.pageCacheMiB) this.db.pragma(`cache_size = ${-1024 * options.pageCacheMiB}`);
    if (options.backgroundCheckpoints) this.checkpointer = new WalCheckpointer(this.db);
    this.db.exec(CHECKPOINTS_DDL);
    this.writeCommits = this.db.transaction(this.writeChanges.bind(this));
  }

  /** SQLite re-prepares a cached statement by itself when another connection changed the schema. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement) return statement;
    statement = this.db.prepare(sql);
    if (this.statements.size >= SqliteReadStore.MAX_CACHED_STATEMENTS) {
      this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, statement);
    return statement;
  }

  /** Reading a collection nobody wrote yet is an empty answer, not an error; reads never create tables. */
  private readOrEmpty<T>(read: () => T, empty: T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof Database.SqliteError && error.message.startsWith('no such table')) return empty;
      throw error;
    }
  }

  async get<T extends ReadDocument = ReadDocument>(collection: string, id: string): Promise<T | null> {
    const sql = `SELECT doc FROM "${assertCollectionName(collection)}" WHERE id = ?`;
    const row = this.readOrEmpty(() => this.statement(sql).get(id) as { doc: string } | undefined, undefined);
    return row ? (JSON.parse(row.doc) as T) : null;
  }

  async find<T extends ReadDocument = ReadDocument>(collection: string, filter: Filter, options: FindOptions = {}): Promise<T[]> {
    assertFilter(filter);
    assertFindOptions(options);
    const query = findQuery(assertCollectionName(collection), filter, options);
    const rows = this.readOrEmpty(() => this.statement(query.sql).all(...query.params) as Array<{ doc: string }>, []);
    return rows.map((row) => JSON.parse(row.doc) as T);
  }

  async commit(projection: string, changes: readonly DocumentChange[], checkpoint: number): Promise<void> {
    return this.commitAll([{ projection, changes, checkpoint }]);
  }

  async commitAll(commits: readonly ProjectionCommit[]): Promise<void> {
    // Serialised (and validated) before the transaction opens, so the write lock is held briefly.
    const prepared = commits.map(({ projection, changes, checkpoint }): PreparedCommit => {
      assertCount('checkpoint', checkpoint);
      const winners = coalesceChanges(changes);
      return {
        projection,
        checkpoint,
        winners,
        json: winners.map((change) => (change.kind === 'upsert' ? toJsonText(change.collection, change.document) : '')),
      };
    });
    this.writeCommits.immediate(prepared);
  }

  /** The body of the one transaction: each commit's documents (JSON text already made), then its checkpoint. */
  private writeChanges(commits: readonly PreparedCommit[]): void {
    for (const { projection, checkpoint, winners, json } of commits) {
      const writers = new Map<string, { upsert: Database.Statement; remove: Database.Statement }>();
      winners.forEach((change, index) => {
        // Looked up once per collection and commit, not built again for every document.
        const writer = writers.get(change.collection) ?? this.writerFor(change.collection, writers);
        if (change.kind === 'upsert') writer.upsert.run(change.document.id, json[index]!, change.position);
        else writer.remove.run(change.id, change.position);
      });
      this.statement(SAVE_CHECKPOINT_SQL).run(projection, checkpoint);
    }
  }

  private writerFor(table: string, writers: Map<string, { upsert: Database.Statement; remove: Database.Statement }>) {
    this.db.exec(tableDdl(table));
    const writer = { upsert: this.statement(upsertSql(table)), remove: this.statement(deleteSql(table)) };
    writers.set(table, writer);
    return writer;
  }

  async getCheckpoint(projection: string): Promise<number> {
    const row = this.statement('SELECT position FROM checkpoints WHERE projection = ?').get(projection) as Checkpoint | undefined;
    return row?.position ?? 0;
  }

  async saveCheckpoint(name: string, position: number): Promise<void> {
    await this.commit(name, [], position);
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    return this.statement('SELECT projection AS name, position FROM checkpoints ORDER BY projection').all() as Checkpoint[];
  }

  async renameCheckpoint(from: string, to: string): Promise<void> {
    this.db.transaction(() => {
      this.statement(
        'INSERT INTO checkpoints (projection, position) SELECT ?, position FROM checkpoints WHERE projection = ? ON CONFLICT (projection) DO NOTHING',
      ).run(to, from);
      this.statement('DELETE FROM checkpoints WHERE projection = ?').run(from);
    })();
  }

  async resetCheckpoint(projection: string): Promise<void> {
    this.statement('DELETE FROM checkpoints WHERE projection = ?').run(projection);
  }

  async ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    const table = assertCollectionName(collection);
    assertIndexes(indexes);
    // Inside one immediate transaction, so two processes starting together create each index once.
    this.db
      .transaction(() => {
        this.db.exec(tableDdl(table));
        const existing = new Set(this.indexNames(table).map(signatureOfIndexName));
        for (const index of indexes) {
          const signature = indexSignature(index);
          // The primary key already serves `id` alone.
          if (existing.has(signature) || (index.length === 1 && index[0]![0] === 'id')) continue;
          this.db.exec(createIndexSql(table, `${signature}#${randomBytes(4).toString('hex')}`, index));
          existing.add(signature);
        }
      })
      .immediate();
  }

  private indexNames(table: string): string[] {
    const rows = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?").all(table);
    return (rows as Array<{ name: string }>).map((row) => row.name);
  }

  private tableExists(table: string): boolean {
    return this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
  }

  async replaceCollections(swaps: readonly CollectionSwap[], checkpoint: Checkpoint): Promise<void> {
    assertSwaps(swaps);
    // Readers (other connections, other processes) keep their WAL snapshot: they see the old table
    // until this transaction commits and the new one after, never a missing or half-built one.
    this.db
      .transaction(() => {
        for (const { target, shadow } of swaps) {
          if (!this.tableExists(shadow)) throw new CollectionNotFoundError(shadow);
          this.db.exec(`DROP TABLE IF EXISTS "${target}"`);
          this.db.exec(`ALTER TABLE "${shadow}" RENAME TO "${target}"`);
        }
        this.statement(
          'INSERT INTO checkpoints (projection, position) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position',
        ).run(checkpoint.name, checkpoint.position);
      })
      .immediate();
  }

  async dropCollection(collection: string): Promise<void> {
    this.db.exec(`DROP TABLE IF EXISTS "${assertCollectionName(collection)}"`);
  }

  async ping(): Promise<boolean> {
    this.statement('SELECT 1').get();
    return true;
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    this.db.close();
  }
}
