import { join } from 'node:path';
import { SqliteEventStore } from '../src/infrastructure/event-store/sqlite-event-store.js';
import { type BenchOptions, type BenchRow, ratioRow } from './table.js';
import { type Budget, interleaved, timeConcurrent, withScratchDir } from './support/measure.js';
import { rawInsertRate } from './support/raw-inserts.js';
import { newEvent } from './support/ride-events.js';

const SECTION = '1 append';
const STREAMS = 1_000;

/** An event as the command handler makes it (its ids are time-ordered UUIDv7). */
const assigned = (index: number) =>
  newEvent(
    { type: 'DriverAssigned', data: { driverId: `d-${index % STREAMS}`, callId: `c-${index}`, at: new Date().toISOString() } },
    `c-${index}`,
    new Date().toISOString(),
  );

let runs = 0;

/**
 * Appends through the event store, `concurrency` at a time, each with the exact expected revision
 * of its stream (streams taken round-robin, so every check reads a real stream).
 */
const appendRate = async (store: SqliteEventStore, budget: Budget, eventsPerAppend: number, concurrency: number) => {
  const revisions = new Array<number>(STREAMS).fill(-1);
  const prefix = `run${runs++}`;
  return timeConcurrent(budget, concurrency, async (index) => {
    const stream = index % STREAMS;
    const events = Array.from({ length: eventsPerAppend }, (_, offset) => assigned(index * eventsPerAppend + offset));
    const expected = revisions[stream]!;
    const result = await store.appendToStream(`${prefix}-${stream}`, events, expected === -1 ? 'no_stream' : expected);
    revisions[stream] = result.nextExpectedRevision;
    return eventsPerAppend;
  });
};

export const appendBench = async ({ quick }: BenchOptions): Promise<BenchRow[]> =>
  withScratchDir('append', async (dir) => {
    const budget = { seconds: quick ? 1.5 : 2.5, maxCount: 2_000_000 };
    const store = new SqliteEventStore(join(dir, 'events.db'), { durability: 'normal' });
    let rawFiles = 0;
    try {
      const rates = await interleaved(quick ? 1 : 3, {
        'append: raw better-sqlite3 inserts (baseline)': () => rawInsertRate(join(dir, `raw-${rawFiles++}.db`), 'NORMAL', budget),
        'append: single events, 1 in flight': () => appendRate(store, budget, 1, 1),
        'append: 100-event batches, 1 in flight': () => appendRate(store, { ...budget, maxCount: 5_000_000 }, 100, 1),
        'append: single events, 64 in flight': () => appendRate(store, budget, 1, 64),
      });
      const raw = rates['append: raw better-sqlite3 inserts (baseline)'];
      const single = rates['append: single events, 1 in flight'];
      const baseline = { value: raw, unit: 'rows/s', name: 'raw insert' };
      const singleBaseline = { value: single, unit: 'events/s', name: 'single append' };
      return [
        {
          section: SECTION,
          name: 'raw better-sqlite3 insert, 1 row per transaction (WAL, NORMAL)',
          value: raw,
          unit: 'rows/s',
          target: null,
          met: null,
        },
        ratioRow(
          {
            section: SECTION,
            name: 'single-event append, expected revision, 1 in flight',
            value: single,
            unit: 'events/s',
            baseline,
            target: '≥ 0.25× raw',
          },
          0.25,
        ),
        ratioRow(
          {
            section: SECTION,
            name: '100-event batch append, 1 in flight',
            value: rates['append: 100-event batches, 1 in flight'],
            unit: 'events/s',
            baseline: singleBaseline,
            target: '≥ 5× single',
          },
          5,
        ),
        ratioRow(
          {
            section: SECTION,
            name: 'single-event append, 64 in flight (group commit)',
            value: rates['append: single events, 64 in flight'],
            unit: 'events/s',
            baseline,
            target: null,
          },
          null,
        ),
      ];
    } finally {
      await store.close();
    }
  });
