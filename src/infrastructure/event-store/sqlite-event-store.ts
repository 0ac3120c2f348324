import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import {
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type RecordedEvent,
  asRecordedEvent,
  type EventMetadata,
  WrongExpectedRevisionError,
} from '../../application/ports/event-store.js';
import { openSqliteFile } from '../sqlite/open-sqlite.js';
import { WalCheckpointer } from '../sqlite/wal-checkpointer.js';
import { RecentCommits, type StoredRow } from './recent-commits.js';

/**
 * `normal`: WAL + synchronous=NORMAL. A committed append survives a process crash (it is in the
 * WAL, in the OS page cache); a power loss may drop the last commits.
 * `full`: synchronous=FULL, one fsync per commit; survives power loss. Group commit (below)
 * amortises that fsync over every append queued in the same event-loop turn.
 */
export type Durability = 'normal' | 'full';

export type SqliteEventStoreOptions = {
  durability?: Durability;
  /** How often another process's appends are noticed, in ms (same-process appends wake at once). */
  crossProcessPollMs?: number;
  /** Checkpoint the WAL from a worker thread instead of inside commits (see WalCheckpointer). */
  backgroundCheckpoints?: boolean;
};

/** A row in better-sqlite3's raw mode, in the order of COLUMNS: no object per row, no property names to intern. */
type Row = StoredRow;
const COLUMNS = 'position, stream_name, revision, event_id, type, data, metadata';
/** What a group commit's transaction answers: each append's outcome, the rows written, and `data_version` inside it. */
type Committed = { outcomes: Array<AppendResult | Error>; rows: Row[]; version: number };
type PendingAppend = {
  streamName: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
};

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_name TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    event_id    TEXT    NOT NULL UNIQUE,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    UNIQUE (stream_name, revision)
  );`;

const toRecorded = ([position, streamName, revision, eventId, type, data, metadata]: Row): RecordedEvent =>
  asRecordedEvent({
    position,
    streamName,
    revision,
    eventId,
    type,
    data: JSON.parse(data) as object,
    metadata: JSON.parse(metadata) as EventMetadata,
  });

export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private poller: NodeJS.Timeout | undefined;
  private lastSeenHead = 0;
  private lastDataVersion = 0;
  private readonly statements;
  private readonly checkpointer: WalCheckpointer | undefined;
  private readonly commitBatch: Database.Transaction<(batch: PendingAppend[]) => Committed>;
  /** The rows of the last commits: the log's tail, read back without a query. */
  private readonly recent = new RecentCommits();

  constructor(
    readonly filename: string,
    private readonly options: SqliteEventStoreOptions = {},
  ) {
    this.db = openSqliteFile(filename, { synchronous: options.durability === 'full' ? 'FULL' : 'NORMAL' });
    this.db.exec(SCHEMA);
    if (options.backgroundCheckpoints) this.checkpointer = new WalCheckpointer(this.db);
    this.appended.setMaxListeners(0);
    this.statements = {
      currentRevision: this.db.prepare<[string], { revision: number | null }>('SELECT MAX(revision) AS revision FROM events WHERE stream_name = ?'),
      insert: this.db.prepare('INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)'),
      readStream: this.db
        .prepare<[string, number], Row>(`SELECT ${COLUMNS} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision`)
        .raw(true),
      readAll: this.db.prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(true),
      head: this.db.prepare<[], { head: number | null }>('SELECT MAX(position) AS head FROM events'),
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    // One transaction for the whole batch. A revision conflict is found before its append writes
    // anything, so it fails alone without a savepoint; any other error rolls the batch back.
    this.commitBatch = this.db.transaction((batch: PendingAppend[]): Committed => {
      const rows: Row[] = [];
      const outcomes = batch.map((item) => {
        try {
          return this.appendOne(item, rows);
        } catch (error) {
          if (error instanceof WrongExpectedRevisionError) return error;
          throw error;
        }
      });
      // Read while this transaction holds the write lock: a later change means a commit elsewhere.
      return { outcomes, rows, version: this.dataVersion() };
    });
  }

  appendToStream(streamName: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('appendToStream needs at least one event'));
    return new Promise((resolve, reject) => {
      this.pending.push({ streamName, events, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Group commit: every append queued during this event-loop turn shares one transaction. */
  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.flushScheduled = false;
    let committed: Committed;
    try {
      committed = this.commitBatch.immediate(batch);
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    const { outcomes, rows, version } = committed;
    this.recent.committed(rows, version);
    // The batch's own last position is the head as far as this connection knows: no query for it.
    let head = 0;
    batch.forEach((item, index) => {
      const outcome = outcomes[index]!;
      if (outcome instanceof Error) item.reject(outcome);
      else {
        head = Math.max(head, outcome.position);
        item.resolve(outcome);
      }
    });
    this.notify(head);
  }

  /** Appends one stream's events, adding the rows written to `rows`. */
  private appendOne({ streamName, events, expected }: PendingAppend, rows: Row[]): AppendResult {
    const current = this.statements.currentRevision.get(streamName)?.revision ?? null;
    const actual = current ?? 'no_stream';
    const matches =
      expected === 'any' ||
      (expected === 'no_stream' && current === null) ||
      (expected === 'stream_exists' && current !== null) ||
      (typeof expected === 'number' && expected === current);
    if (!matches) throw new WrongExpectedRevisionError(streamName, expected, actual);
    let revision = current ?? -1;
    let position = 0;
    for (const event of events) {
      revision += 1;
      const data = JSON.stringify(event.data);
      const metadata = JSON.stringify(event.metadata);
      const info = this.statements.insert.run(streamName, revision, event.eventId, event.type, data, metadata);
      position = Number(info.lastInsertRowid);
      rows.push([position, streamName, revision, event.eventId, event.type, data, metadata]);
    }
    return { nextExpectedRevision: revision, position };
  }

  async readStream(streamName: string, options: { fromRevision?: number } = {}): Promise<RecordedEvent[]> {
    return this.statements.readStream.all(streamName, options.fromRevision ?? 0).map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? 1000;
    return (this.recent.after(after, maxCount, () => this.dataVersion()) ?? this.statements.readAll.all(after, maxCount)).map(toRecorded);
  }

  private dataVersion(): number {
    return this.statements.dataVersion.get()!;
  }

  async headPosition(): Promise<number> {
    return this.currentHead();
  }

  private currentHead(): number {
    return this.statements.head.get()?.head ?? 0;
  }

  onAppended(listener: (headPosition: number) => void): () => void {
    this.appended.on('appended', listener);
    this.startPolling();
    return () => {
      this.appended.off('appended', listener);
      if (this.appended.listenerCount('appended') === 0) this.stopPolling();
    };
  }

  private notify(head = this.currentHead()): void {
    if (head > this.lastSeenHead) {
      this.lastSeenHead = head;
      this.appended.emit('appended', head);
    }
  }

  /**
   * Another process sharing the file (api / projector / workers roles) appends without telling us.
   * `PRAGMA data_version` changes only when another connection committed, so the poll is one
   * cheap pragma per tick until something really happened.
   */
  private startPolling(): void {
    if (this.poller) return;
    this.lastSeenHead = this.currentHead();
    this.lastDataVersion = this.dataVersion();
    this.poller = setInterval(() => {
      const version = this.dataVersion();
      if (version === this.lastDataVersion) return;
      this.lastDataVersion = version;
      this.notify();
    }, this.options.crossProcessPollMs ?? 20);
    this.poller.unref();
  }

  private stopPolling(): void {
    clearInterval(this.poller);
    this.poller = undefined;
  }

  async ping(): Promise<boolean> {
    this.db.prepare('SELECT 1').get();
    return true;
  }

  async close(): Promise<void> {
    this.stopPolling();
    if (this.pending.length > 0) this.flush();
    await this.checkpointer?.close();
    this.db.close();
  }
}
