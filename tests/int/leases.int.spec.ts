import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import { LeasedWorker } from '../../src/infrastructure/leases/leased-worker.js';
import { randomUUID } from 'node:crypto';
import type { LeaseStore } from '../../src/application/ports/lease-store.js';
import { MongoLeaseStore } from '../../src/infrastructure/leases/mongo-lease-store.js';
import { SqliteLeaseStore } from '../../src/infrastructure/leases/sqlite-lease-store.js';
import { MONGO_HOW_TO_RUN, skipWithoutServer } from '../support/needs-server.js';
import { eventually } from '../support/rides.js';

type LeaseAdapter = {
  name: string;
  needsMongo?: true;
  open: (dir: string, namespace: string, clock: () => number) => LeaseStore & { close: () => unknown };
};
/** Every lease store adapter; the MongoDB one's tests show as pending when MONGO_URL is unset (CI sets it to FerretDB). */
const leaseAdapters: LeaseAdapter[] = [
  { name: 'SQLite', open: (dir, _namespace, clock) => new SqliteLeaseStore(join(dir, 'checkpoints.db'), clock) },
  {
    name: 'MongoDB (MONGO_URL)',
    needsMongo: true,
    open: (_dir, namespace, clock) => new MongoLeaseStore(process.env.MONGO_URL!, `leases_${namespace.slice(0, 8)}`, clock),
  },
];

describe('Worker leases', () => {
  let dir: string;
  let now: number;
  const stores: SqliteLeaseStore[] = [];
  /** Two replicas: two connections to one file, sharing a clock the test moves. */
  const replica = (clock: () => number = () => now) => {
    const store = new SqliteLeaseStore(join(dir, 'checkpoints.db'), clock);
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxi-leases-'));
    now = 1_000_000;
  });
  const opened: Array<{ close: () => unknown }> = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    for (const store of stores.splice(0)) store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const adapter of leaseAdapters) {
    describe(`the ${adapter.name} lease store`, () => {
      if (adapter.needsMongo) skipWithoutServer('MONGO_URL', MONGO_HOW_TO_RUN);
      let namespace: string;
      beforeEach(() => (namespace = randomUUID()));
      // Two replicas: two connections to one store, sharing a clock the test moves.
      const replica = () => {
        const store = adapter.open(dir, namespace, () => now);
        opened.push(store);
        return store;
      };

      it('gives a free lease to the first replica and refuses it to the second', async () => {
        const [a, b] = [replica(), replica()];
        expect(await a.tryAcquire('notifier', 'a', 1_000)).to.deep.include({ owner: 'a', token: 1, expiresAt: now + 1_000 });
        expect(await b.tryAcquire('notifier', 'b', 1_000)).to.equal(null);
      });

      it('keeps the lease with its holder while renewed, and hands it over with a higher token once expired', async () => {
        const [a, b] = [replica(), replica()];
        const held = (await a.tryAcquire('notifier', 'a', 1_000))!;
        now += 900;
        const renewed = (await a.renew(held, 1_000))!;
        now += 900;
        expect(await b.tryAcquire('notifier', 'b', 1_000), 'still held after renewal').to.equal(null);
        now += 101;
        const taken = await b.tryAcquire('notifier', 'b', 1_000);
        expect(taken).to.deep.include({ owner: 'b', token: 2 });
        expect(await a.renew(renewed, 1_000), 'the old holder is fenced off').to.equal(null);
      });

      it('frees a released lease for another replica at once', async () => {
        const [a, b] = [replica(), replica()];
        await a.release((await a.tryAcquire('payment-retry', 'a', 60_000))!);
        expect(await b.tryAcquire('payment-retry', 'b', 60_000)).to.deep.include({ owner: 'b', token: 2 });
      });

      it('keeps leases of different workers apart', async () => {
        const [a, b] = [replica(), replica()];
        expect(await a.tryAcquire('notifier', 'a', 1_000)).to.not.equal(null);
        expect(await b.tryAcquire('payment-retry', 'b', 1_000)).to.not.equal(null);
      });
    });
  }

  describe('a leased worker', () => {
    const fakeWorker = () => {
      const worker = {
        name: 'job',
        running: false,
        starts: 0,
        start: () => ((worker.running = true), worker.starts++),
        stop: async () => void (worker.running = false),
      };
      return worker;
    };
    const logger = pino({ level: 'silent' });

    it('runs in exactly one of two replicas, and in the other one once the first one stops renewing', async () => {
      const [storeA, storeB] = [replica(Date.now), replica(Date.now)];
      const [jobA, jobB] = [fakeWorker(), fakeWorker()];
      const a = new LeasedWorker(jobA, { leases: storeA, owner: 'a', ttlMs: 300, logger });
      a.start();
      await eventually(() => jobA.running, 2_000, 'first replica runs the job');
      // Counts the second replica's tries, so the test waits until it was refused, not for a time.
      let refusedB = 0;
      const acquire = storeB.tryAcquire.bind(storeB);
      storeB.tryAcquire = async (...args) => {
        const lease = await acquire(...args);
        if (!lease) refusedB += 1;
        return lease;
      };
      const b = new LeasedWorker(jobB, { leases: storeB, owner: 'b', ttlMs: 300, logger });
      b.start();
      await eventually(() => refusedB >= 2, 5_000, 'second replica tried and was refused twice');
      expect([jobA.running, jobB.running]).to.deep.equal([true, false]);

      // The first replica loses its store (a network partition, a full disk): it can neither renew nor acquire.
      const unreachable = async () => {
        throw new Error('lease store unreachable');
      };
      storeA.renew = unreachable;
      storeA.tryAcquire = unreachable;
      await eventually(() => jobB.running, 5_000, 'second replica takes over');
      expect(jobA.running, 'the cut-off replica stepped down before the takeover').to.equal(false);
      await a.stop();
      await b.stop();
    });

    it('hands over at once on a graceful stop', async () => {
      const [jobA, jobB] = [fakeWorker(), fakeWorker()];
      const a = new LeasedWorker(jobA, { leases: replica(Date.now), owner: 'a', ttlMs: 60_000, logger });
      const b = new LeasedWorker(jobB, { leases: replica(Date.now), owner: 'b', ttlMs: 600, logger });
      a.start();
      await eventually(() => jobA.running, 2_000, 'first replica runs the job');
      b.start();
      await a.stop();
      expect(jobA.running).to.equal(false);
      await eventually(() => jobB.running, 1_000, "second replica takes over well before the first one's 60 s TTL");
      await b.stop();
    });

    it('never runs beside an older replica that knows the lease by its old name (rolling update)', async () => {
      const named = (name: string) => Object.assign(fakeWorker(), { name });
      const [oldJob, newJob, laterOldJob] = [named('notifier'), named('process:notifier'), named('notifier')];
      const old = new LeasedWorker(oldJob, { leases: replica(Date.now), owner: 'old', ttlMs: 60_000, logger });
      old.start();
      await eventually(() => oldJob.running, 2_000, 'the old replica runs the worker');
      const store = replica(Date.now);
      let refused = 0;
      const acquire = store.tryAcquire.bind(store);
      store.tryAcquire = async (...args) => {
        const lease = await acquire(...args);
        if (!lease) refused += 1;
        return lease;
      };
      const updated = new LeasedWorker(newJob, { leases: store, owner: 'new', ttlMs: 300, logger, legacyNames: ['notifier'] });
      updated.start();
      await eventually(() => refused >= 2, 5_000, 'the new replica was refused the old name twice');
      expect([oldJob.running, newJob.running]).to.deep.equal([true, false]);
      await old.stop();
      await eventually(() => newJob.running, 2_000, 'the new replica takes over once the old one stopped');
      // Another old replica started now finds the old name held by the new one.
      const laterOld = new LeasedWorker(laterOldJob, { leases: replica(Date.now), owner: 'later-old', ttlMs: 300, logger });
      laterOld.start();
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(laterOldJob.running).to.equal(false);
      await laterOld.stop();
      await updated.stop();
    });
  });
});
