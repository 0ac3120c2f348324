import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, ReadAllOptions } from '../../src/application/ports/event-store.js';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';

/** A fresh embedded event store in a temporary directory for every test of the suite that calls it. */
export const scratchEventStore = (prefix = 'taxi-es-') => {
  const scratch = {} as { dir: string; store: SqliteEventStore };
  beforeEach(() => {
    scratch.dir = mkdtempSync(join(tmpdir(), prefix));
    scratch.store = new SqliteEventStore(join(scratch.dir, 'events.db'));
  });
  afterEach(async () => {
    await scratch.store.close();
    rmSync(scratch.dir, { recursive: true, force: true });
  });
  return scratch;
};

export type StoreReads = { stream: Array<{ fromRevision: number; returned: number }>; log: Array<{ after: number; returned: number }> };

/** The store, recording what every stream and log read asked for and how many events it returned. */
export const recordingReads = (store: EventStore): { spy: EventStore; reads: StoreReads } => {
  const reads: StoreReads = { stream: [], log: [] };
  const spy: EventStore = {
    appendToStream: (...args) => store.appendToStream(...args),
    readStream: async (streamName, options) => {
      const events = await store.readStream(streamName, options);
      reads.stream.push({ fromRevision: options?.fromRevision ?? 0, returned: events.length });
      return events;
    },
    readAll: async (options?: ReadAllOptions) => {
      const events = await store.readAll(options);
      reads.log.push({ after: options?.after ?? 0, returned: events.length });
      return events;
    },
    headPosition: () => store.headPosition(),
    onAppended: (listener) => store.onAppended(listener),
    ping: () => store.ping(),
    close: () => store.close(),
  };
  return { spy, reads };
};
