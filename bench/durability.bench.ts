import { join } from 'node:path';
import { acceptCommands } from './commands.bench.js';
import { type BenchOptions, type BenchRow, ratioRow } from './table.js';
import { interleaved, progress, withScratchDir } from './support/measure.js';
import { rawInsertRate } from './support/raw-inserts.js';

const SECTION = '6 durability';

/**
 * Power-loss durability (synchronous=FULL) costs one fsync per commit; the store's group commit
 * shares that fsync among every append queued in the same event-loop turn. The baseline is what
 * FULL costs without it: one insert per transaction, one fsync each, on the same kind of table.
 */
export const durabilityBench = async ({ quick }: BenchOptions): Promise<BenchRow[]> =>
  withScratchDir('durability', async (dir) => {
    const rounds = quick ? 1 : 3;
    const budget = { seconds: quick ? 2 : 3, maxCount: 1_000_000 };
    const seeded = rounds * (quick ? 20_000 : 40_000);
    progress('durability: seeding short dispatch streams');
    const full64 = await acceptCommands(join(dir, 'full-64.db'), 'full', seeded);
    const full1 = await acceptCommands(join(dir, 'full-1.db'), 'full', seeded);
    const normal64 = await acceptCommands(join(dir, 'normal-64.db'), 'normal', seeded);
    let rawFiles = 0;
    try {
      const rates = await interleaved(rounds, {
        'durability: raw inserts, one per transaction, FULL (baseline)': () => rawInsertRate(join(dir, `raw-${rawFiles++}.db`), 'FULL', budget),
        'durability: AcceptCall, full, 64 concurrent streams': () => full64.run(budget, 64),
        'durability: AcceptCall, full, 1 stream': () => full1.run(budget, 1),
        'durability: AcceptCall, normal, 64 concurrent streams': () => normal64.run(budget, 64),
      });
      const raw = rates['durability: raw inserts, one per transaction, FULL (baseline)'];
      const baseline = { value: raw, unit: 'rows/s', name: 'raw insert FULL' };
      return [
        {
          section: SECTION,
          name: 'raw better-sqlite3 insert, 1 row per transaction (WAL, FULL)',
          value: raw,
          unit: 'rows/s',
          target: null,
          met: null,
        },
        ratioRow(
          {
            section: SECTION,
            name: 'AcceptCall, durability=full, 64 concurrent streams',
            value: rates['durability: AcceptCall, full, 64 concurrent streams'],
            unit: 'commands/s',
            baseline,
            target: '≥ 2× raw FULL',
          },
          2,
        ),
        {
          section: SECTION,
          name: '  appends per commit (one fsync each) with 64 concurrent streams, full',
          value: full64.appendsPerCommit(),
          unit: 'appends',
          target: null,
          met: null,
        },
        ratioRow(
          {
            section: SECTION,
            name: 'AcceptCall, durability=full, 1 stream',
            value: rates['durability: AcceptCall, full, 1 stream'],
            unit: 'commands/s',
            baseline,
            target: null,
          },
          null,
        ),
        ratioRow(
          {
            section: SECTION,
            name: 'AcceptCall, durability=normal (default), 64 concurrent streams',
            value: rates['durability: AcceptCall, normal, 64 concurrent streams'],
            unit: 'commands/s',
            baseline,
            target: null,
          },
          null,
        ),
      ];
    } finally {
      await Promise.all([full64.close(), full1.close(), normal64.close()]);
    }
  });
