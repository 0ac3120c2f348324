import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RecordedEvent } from '../../src/application/ports/event-store.js';
import { LogFollower } from '../../src/application/log-follower/log-follower.js';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import { newEvent, uniqueStream } from '../support/events.js';

const quietLogger = { warn: () => {}, error: () => {} };

describe('Catch-up subscription', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxi-sub-'));
    store = new SqliteEventStore(join(dir, 'events.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const follow = (checkpoint: { value: number }, seen: RecordedEvent[], handle?: (events: RecordedEvent[]) => Promise<void>) =>
    new LogFollower(store, {
      name: 'test',
      resumeFrom: async () => checkpoint.value,
      handle:
        handle ??
        (async (events) => {
          seen.push(...events);
          checkpoint.value = events.at(-1)!.position;
        }),
      batchSize: 3,
      logger: quietLogger,
    });

  it('catches up on history, then follows new events without polling delay', async () => {
    const stream = uniqueStream();
    await store.appendToStream(
      stream,
      Array.from({ length: 7 }, (_, i) => newEvent('Old', { i })),
      'no_stream',
    );
    const seen: RecordedEvent[] = [];
    // The idle re-check is pushed past the wait below: only the append's own wake-up can deliver in time.
    const subscription = new LogFollower(store, {
      name: 'test',
      resumeFrom: async () => 0,
      handle: async (events) => void seen.push(...events),
      batchSize: 3,
      idleRecheckMs: 60_000,
      logger: quietLogger,
    });
    subscription.start();
    await subscription.waitFor(7, 5_000);
    const appended = await store.appendToStream(stream, [newEvent('New')], 6);
    expect(await subscription.waitFor(appended.position, 5_000)).to.equal(true);
    await subscription.stop();
    expect(seen.map((e) => e.type)).to.deep.equal([...Array(7).fill('Old'), 'New']);
  });

  it('resumes from its checkpoint after a restart: nothing missed, nothing twice', async () => {
    const stream = uniqueStream();
    const checkpoint = { value: 0 };
    const seen: RecordedEvent[] = [];
    const first = follow(checkpoint, seen);
    first.start();
    const a = await store.appendToStream(stream, [newEvent('A'), newEvent('B')], 'no_stream');
    await first.waitFor(a.position, 2_000);
    await first.stop();
    await store.appendToStream(stream, [newEvent('C'), newEvent('D')], 1);
    const second = follow(checkpoint, seen);
    second.start();
    expect(await second.waitFor(await store.headPosition(), 2_000)).to.equal(true);
    await second.stop();
    expect(seen.map((e) => e.type)).to.deep.equal(['A', 'B', 'C', 'D']);
  });

  it('retries a failing batch instead of skipping it', async () => {
    let failures = 2;
    const seen: RecordedEvent[] = [];
    const checkpoint = { value: 0 };
    const subscription = follow(checkpoint, seen, async (events) => {
      if (failures-- > 0) throw new Error('read store down');
      seen.push(...events);
      checkpoint.value = events.at(-1)!.position;
    });
    subscription.start();
    const appended = await store.appendToStream(uniqueStream(), [newEvent('A')], 'no_stream');
    expect(await subscription.waitFor(appended.position, 3_000)).to.equal(true);
    await subscription.stop();
    expect(seen.map((e) => e.type)).to.deep.equal(['A']);
  });
});
