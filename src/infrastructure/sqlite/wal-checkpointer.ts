import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export type WalCheckpointerOptions = {
  /** How often the WAL is copied back into the database file. */
  intervalMs?: number;
  /** Told when the checkpoint thread fails; the file's connection then checkpoints by itself again. */
  onError?: (error: Error) => void;
};

/**
 * The checkpoint thread's code, plain CommonJS so it runs the same under tsx and from `dist/`.
 * PASSIVE never waits for readers or writers: it copies what it can and returns; a writer then
 * restarts the WAL from its beginning once everything in it was copied.
 */
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { if (error.code !== 'SQLITE_BUSY') throw error; }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/** Where checkpoints run when a file has no checkpoint thread (or lost it): SQLite's default. */
export const AUTOCHECKPOINT_PAGES = 1_000;

/**
 * Moves a WAL file's checkpoints off the event loop. SQLite checkpoints inside the commit that
 * crosses `wal_autocheckpoint` pages, synchronously: copying the WAL into the database file, with
 * an fsync, on whichever request happened to commit then (measured: 10–26 ms stalls, and most of
 * an append's cost with many streams). Here the writing connection stops auto-checkpointing and a
 * worker thread with its own connection checkpoints on an interval; if that thread dies, the
 * connection goes back to checkpointing by itself, so the WAL never grows without bound.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<unknown>;

  /** `db`: the file's writing connection, which stops checkpointing by itself meanwhile. */
  constructor(
    private readonly db: Database.Database,
    options: WalCheckpointerOptions = {},
  ) {
    this.setAutoCheckpoint(0);
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER, { eval: true, workerData: { filename: db.name, driver, intervalMs: options.intervalMs ?? 200 } });
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.on('error', (error) => {
      // The file may be closed already: then there is nothing left to checkpoint from here.
      if (db.open) this.setAutoCheckpoint(AUTOCHECKPOINT_PAGES);
      options.onError?.(error);
    });
  }

  private setAutoCheckpoint(pages: number): void {
    this.db.pragma(`wal_autocheckpoint = ${pages}`);
  }

  /** Stops the thread; the last connection to close checkpoints what is left. */
  async close(): Promise<void> {
    this.setAutoCheckpoint(AUTOCHECKPOINT_PAGES);
    // Unreferenced so it never keeps a process alive; referenced again so this wait does.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
