import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import type { StreamEvent } from './ride-events.js';

/**
 * Fills an event store file with history straight through SQL, in large transactions: seeding
 * is not what is measured, so it takes the fastest road. The store creates the schema first, so
 * the rows are exactly what its own appends would have written.
 */
export const bulkLoad = async (file: string, events: Iterable<StreamEvent & { revision: number }>, maxEvents: number): Promise<number> => {
  await new SqliteEventStore(file).close();
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const insert = db.prepare('INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
    const chunk = db.transaction((rows: Array<StreamEvent & { revision: number }>) => {
      for (const { stream, revision, event } of rows) {
        insert.run(stream, revision, event.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));
      }
    });
    let loaded = 0;
    let rows: Array<StreamEvent & { revision: number }> = [];
    for (const item of events) {
      if (loaded >= maxEvents) break;
      rows.push(item);
      loaded += 1;
      if (rows.length === 20_000) {
        chunk(rows);
        rows = [];
      }
    }
    if (rows.length > 0) chunk(rows);
    db.pragma('wal_checkpoint(TRUNCATE)');
    return loaded;
  } finally {
    db.close();
  }
};

/** Numbers every stream's events from revision 0, in the order given. */
export function* withRevisions(events: Iterable<StreamEvent>): Generator<StreamEvent & { revision: number }> {
  const revisions = new Map<string, number>();
  for (const item of events) {
    const revision = (revisions.get(item.stream) ?? -1) + 1;
    revisions.set(item.stream, revision);
    yield { ...item, revision };
  }
}
