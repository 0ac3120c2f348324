import Database from 'better-sqlite3';
import { newEventId } from '../../src/application/command-handler.js';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import { type Budget, type Throughput, timeSequential } from './measure.js';

/**
 * The baseline every write figure is compared with: better-sqlite3 inserting one row per statement
 * (each its own autocommit transaction) into the very table the event store uses — the store
 * creates the file, so schema, indexes and pragmas (WAL, the given synchronous level) are the same.
 */
export const rawInsertRate = async (file: string, synchronous: 'NORMAL' | 'FULL', budget: Budget): Promise<Throughput> => {
  await new SqliteEventStore(file, { durability: synchronous === 'FULL' ? 'full' : 'normal' }).close();
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    const insert = db.prepare('INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
    const data = { callId: 'c', driverId: 'd', at: new Date().toISOString() };
    const metadata = { correlationId: 'c', causationId: 'x', actor: { role: 'system', id: 'bench' }, timestamp: new Date().toISOString() };
    // The same per-row work the store does: a fresh UUIDv7 id (the store's ids, time-ordered, so the
    // unique index grows at its end as it does there) and the JSON of data and metadata.
    return timeSequential(budget, (index) => {
      insert.run(`raw-${index % 1000}`, Math.floor(index / 1000), newEventId(), 'DriverAssigned', JSON.stringify(data), JSON.stringify(metadata));
      return 1;
    });
  } finally {
    db.close();
  }
};
