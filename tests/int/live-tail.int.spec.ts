import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RecordedEvent } from '../../src/application/ports/event-store.js';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import { LogTail, readLogBetween, replayThenLive } from '../../src/infrastructure/http/sse/log-tail.js';
import { newEvent, uniqueStream } from '../support/events.js';

const quiet = { warn: () => {}, error: () => {} };

describe('Live tail of the log (history, then live)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let tail: LogTail;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxi-tail-'));
    store = new SqliteEventStore(join(dir, 'events.db'));
    tail = new LogTail(store, quiet);
  });
  afterEach(async () => {
    await tail.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const appendMany = async (count: number) => {
    for (let i = 0; i < count; i++) await store.appendToStream(uniqueStream(), [newEvent('Tick', { i })], 'no_stream');
  };

  it('hands on every event after the resume position exactly once, in order, while appends keep coming', async function () {
    this.timeout(20_000);
    await appendMany(50);
    await tail.start();
    await appendMany(30); // after the tail started, before anyone listens
    const resumeAfter = 20;
    const received: RecordedEvent[] = [];
    const writing = appendMany(200); // concurrently with the history read and the switch to live
    const unlisten = await replayThenLive(tail, store, {
      history: (head) => readLogBetween(store, resumeAfter, head, 7),
      onEvent: (event) => received.push(event),
    });
    await writing;
    const head = await store.headPosition();
    const deadline = Date.now() + 5_000;
    while ((received.at(-1)?.position ?? 0) < head && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    unlisten();
    const positions = received.map((e) => e.position);
    expect(positions).to.deep.equal(Array.from({ length: head - resumeAfter }, (_, i) => resumeAfter + 1 + i));
    expect(tail.listenerCount).to.equal(0);
  });
});
