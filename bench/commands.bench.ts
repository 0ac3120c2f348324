import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CommandHandler } from '../src/application/command-handler.js';
import { acceptCall } from '../src/application/dispatch/accept-call.js';
import { systemClock } from '../src/application/ports/clock.js';
import { dispatchDecider, dispatchStream } from '../src/domain/dispatch/dispatch.js';
import { type Durability, SqliteEventStore } from '../src/infrastructure/event-store/sqlite-event-store.js';
import { type BenchOptions, type BenchRow, ratioRow } from './table.js';
import { type Budget, interleaved, progress, timeConcurrent, withScratchDir } from './support/measure.js';
import { rawInsertRate } from './support/raw-inserts.js';
import { bulkLoad, withRevisions } from './support/bulk-load.js';
import { driverJoins, newEvent, type StreamEvent } from './support/ride-events.js';

const SECTION = '2 commands';

/** A call that was offered to one driver, who declined: a short, open dispatch stream (2 events). */
function* declinedOffers(callIds: readonly string[]): Generator<StreamEvent> {
  const at = new Date().toISOString();
  for (const callId of callIds) {
    const stream = dispatchStream(callId);
    const offerId = `offer-${callId}`;
    yield {
      stream,
      event: newEvent({ type: 'CallOffered', data: { callId, driverId: 'd-declining', offerId, offeredAt: at, expiresAt: at } }, callId, at),
    };
    yield { stream, event: newEvent({ type: 'OfferDeclined', data: { callId, driverId: 'd-declining', offerId, declinedAt: at } }, callId, at) };
  }
}

/** Requested calls, each with its own free driver online, for the whole accept use case. */
function* callsWithDrivers(pairs: ReadonlyArray<{ callId: string; driverId: string }>): Generator<StreamEvent> {
  const at = new Date().toISOString();
  const place = { lat: 37.5547, lng: 126.9707, address: 'Seoul Station' };
  for (const { callId, driverId } of pairs) {
    yield {
      stream: `call-${callId}`,
      event: newEvent(
        {
          type: 'CallRequested',
          data: { callId, passengerId: `p-${callId}`, pickup: place, destination: place, rideType: 'STANDARD', requestedAt: at },
        },
        callId,
        at,
      ),
    };
    yield* driverJoins(driverId);
  }
}

const context = (callId: string) => ({
  correlationId: callId,
  causationId: randomUUID(),
  actor: { role: 'driver' as const, id: 'bench' },
  timestamp: new Date().toISOString(),
});

/**
 * The generic handler alone: read the dispatch stream, fold it, decide AcceptCall, append with
 * the expected revision. Every command gets a fresh short stream (seeded up front), so every
 * command appends. `run` may be called several times; each call takes the next unused streams.
 */
export const acceptCommands = async (file: string, durability: Durability, streams: number) => {
  const callIds = Array.from({ length: streams }, () => randomUUID());
  await bulkLoad(file, withRevisions(declinedOffers(callIds)), Number.MAX_SAFE_INTEGER);
  const store = new SqliteEventStore(file, { durability, backgroundCheckpoints: true });
  const commands = new CommandHandler(store);
  // The store signals once per commit (one group of appends, one transaction, one fsync in `full`).
  let commits = 0;
  const unsubscribe = store.onAppended(() => {
    commits += 1;
  });
  let used = 0;
  let appended = 0;
  return {
    /** Appends per commit so far: how many appends each group commit (and its fsync) carried. */
    appendsPerCommit: () => (commits === 0 ? 0 : appended / commits),
    run: async (budget: Budget, concurrency: number) => {
      const first = used;
      if (first >= streams) throw new Error(`all ${streams} seeded streams used: raise the seed count`);
      const at = new Date().toISOString();
      const result = await timeConcurrent({ ...budget, maxCount: Math.min(budget.maxCount, streams - first) }, concurrency, async (index) => {
        const callId = callIds[first + index]!;
        const data = { callId, driverId: `d-${index}`, driverName: 'Kim', vehicleNo: '12가3456', acceptedAt: at };
        const outcome = await commands.handle(dispatchDecider, dispatchStream(callId), { type: 'AcceptCall', data }, context(callId));
        if (outcome.events.length !== 1) throw new Error(`accept on ${callId} appended ${outcome.events.length} events`);
        return 1;
      });
      used += result.count;
      appended += result.count;
      return result;
    },
    close: () => {
      unsubscribe();
      return store.close();
    },
  };
};

/** The whole accept use case: load call, dispatch and driver, reserve the driver, accept (4 reads, 2 appends). */
const acceptUseCases = async (file: string, count: number) => {
  const pairs = Array.from({ length: count }, () => ({ callId: randomUUID(), driverId: randomUUID() }));
  await bulkLoad(file, withRevisions(callsWithDrivers(pairs)), Number.MAX_SAFE_INTEGER);
  const store = new SqliteEventStore(file);
  const commands = new CommandHandler(store);
  let used = 0;
  return {
    run: async (budget: Budget) => {
      const first = used;
      if (first >= count) throw new Error(`all ${count} seeded calls used: raise the seed count`);
      const result = await timeConcurrent({ ...budget, maxCount: Math.min(budget.maxCount, count - first) }, 1, async (index) => {
        const { callId, driverId } = pairs[first + index]!;
        await acceptCall(
          { commands, clock: systemClock },
          { callId, driverId },
          { actor: { role: 'driver', id: driverId }, requestId: randomUUID() },
        );
        return 1;
      });
      used += result.count;
      return result;
    },
    close: () => store.close(),
  };
};

export const commandBench = async ({ quick }: BenchOptions): Promise<BenchRow[]> =>
  withScratchDir('commands', async (dir) => {
    const rounds = quick ? 1 : 3;
    const budget = { seconds: quick ? 1.5 : 2.5, maxCount: 1_000_000 };
    // Enough for every round at several times the rate seen on this machine.
    const seeded = rounds * (quick ? 15_000 : 30_000);
    progress('commands: seeding short dispatch streams');
    const sequential = await acceptCommands(join(dir, 'seq.db'), 'normal', seeded);
    const concurrent = await acceptCommands(join(dir, 'conc.db'), 'normal', seeded);
    const useCases = await acceptUseCases(join(dir, 'use-case.db'), seeded);
    let rawFiles = 0;
    try {
      const rates = await interleaved(rounds, {
        'commands: raw better-sqlite3 inserts (baseline)': () => rawInsertRate(join(dir, `raw-${rawFiles++}.db`), 'NORMAL', budget),
        'commands: AcceptCall, 1 in flight': () => sequential.run(budget, 1),
        'commands: AcceptCall, 16 in flight': () => concurrent.run(budget, 16),
        'commands: accept use case, 1 in flight': () => useCases.run(budget),
      });
      const baseline = { value: rates['commands: raw better-sqlite3 inserts (baseline)'], unit: 'rows/s', name: 'raw insert' };
      return [
        ratioRow(
          {
            section: SECTION,
            name: 'AcceptCall: read, fold, decide, append; 1 in flight',
            value: rates['commands: AcceptCall, 1 in flight'],
            unit: 'commands/s',
            baseline,
            target: '≥ 0.10× raw',
          },
          0.1,
        ),
        ratioRow(
          {
            section: SECTION,
            name: 'AcceptCall: read, fold, decide, append; 16 in flight',
            value: rates['commands: AcceptCall, 16 in flight'],
            unit: 'commands/s',
            baseline,
            target: '≥ 0.10× raw',
          },
          0.1,
        ),
        ratioRow(
          {
            section: SECTION,
            name: 'accept use case (4 reads, 2 appends); 1 in flight',
            value: rates['commands: accept use case, 1 in flight'],
            unit: 'commands/s',
            baseline,
            target: null,
          },
          null,
        ),
      ];
    } finally {
      await Promise.all([sequential.close(), concurrent.close(), useCases.close()]);
    }
  });
