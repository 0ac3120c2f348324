import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SharedTailReader } from '../../src/infrastructure/event-store/shared-tail-reader.js';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import { eventStoreContract } from './event-store.contract.js';
import { newEvent, uniqueStream } from '../support/events.js';

const freshStore = (durability: 'normal' | 'full') => async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taxi-es-'));
  const store = new SqliteEventStore(join(dir, 'events.db'), { durability });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

eventStoreContract('embedded SQLite (durability normal)', freshStore('normal'));
eventStoreContract('embedded SQLite (durability full)', freshStore('full'));
eventStoreContract('embedded SQLite behind the shared tail reader', async () => {
  const { store, cleanup } = await freshStore('normal')();
  return { store: new SharedTailReader(store), cleanup };
});

describe('Embedded SQLite event store', () => {
  it('sees appends made by another connection to the same file (another process role)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taxi-es-'));
    const file = join(dir, 'events.db');
    const writer = new SqliteEventStore(file);
    const reader = new SqliteEventStore(file, { crossProcessPollMs: 5 });
    try {
      const woken = new Promise<number>((resolve) => reader.onAppended(resolve));
      const result = await writer.appendToStream(uniqueStream(), [newEvent('A')], 'no_stream');
      expect(await woken).to.equal(result.position);
    } finally {
      await writer.close();
      await reader.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('commits a group of appends around one that conflicts, which writes nothing', async () => {
    const { store, cleanup } = await freshStore('full')();
    const [first, second] = [uniqueStream(), uniqueStream()];
    // Queued in one event-loop turn: one transaction. The third sees the first's events.
    const outcomes = await Promise.allSettled([
      store.appendToStream(first, [newEvent('A'), newEvent('B')], 'no_stream'),
      store.appendToStream(second, [newEvent('X'), newEvent('Y')], 5),
      store.appendToStream(first, [newEvent('C')], 1),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.readStream(first)).map((e) => e.type)).to.deep.equal(['A', 'B', 'C']);
    expect(await store.readStream(second)).to.deep.equal([]);
    expect((await store.readAll()).map((e) => e.type)).to.deep.equal(['A', 'B', 'C']);
    await cleanup();
  });

  it('reads back its own last commits as the table holds them, with what another connection committed in between', async () => {
    const { store, cleanup } = await freshStore('normal')();
    const other = new SqliteEventStore(store.filename);
    try {
      const stream = uniqueStream();
      await store.appendToStream(stream, [newEvent('A'), newEvent('B')], 'no_stream');
      await other.appendToStream(uniqueStream(), [newEvent('X')], 'no_stream');
      await store.appendToStream(stream, [newEvent('C')], 1);
      await store.appendToStream(stream, [newEvent('D'), newEvent('E')], 2);
      await other.appendToStream(uniqueStream(), [newEvent('Y')], 'no_stream');

      const asStored = await other.readAll();
      expect(asStored.map((e) => e.type)).to.deep.equal(['A', 'B', 'X', 'C', 'D', 'E', 'Y']);
      for (const after of [0, 1, 2, 3, 4, 5, 6, 7])
        for (const maxCount of [1, 2, 100])
          expect(await store.readAll({ after, maxCount }), `after ${after}, at most ${maxCount}`).to.deep.equal(
            asStored.filter((e) => e.position > after).slice(0, maxCount),
          );
    } finally {
      await other.close();
      await cleanup();
    }
  });

  it('keeps every acknowledged event after reopening the file', async () => {
    const { store, cleanup } = await freshStore('normal')();
    const stream = uniqueStream();
    await store.appendToStream(stream, [newEvent('A'), newEvent('B')], 'no_stream');
    const file = store.filename;
    const reopened = new SqliteEventStore(file);
    expect((await reopened.readStream(stream)).map((e) => e.type)).to.deep.equal(['A', 'B']);
    await reopened.close();
    await cleanup();
  });
});
