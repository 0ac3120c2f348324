import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { CommandHandler } from '../../src/application/command-handler.js';
import type { DriverPosition, DriverPositions } from '../../src/application/ports/driver-positions.js';
import { driverDecider, driverStream } from '../../src/domain/driver/driver.js';
import type { Coordinates } from '../../src/domain/shared/geo.js';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import { DriverAvailabilityFeed } from '../../src/infrastructure/geo/driver-availability-feed.js';
import { DriverSpatialIndex } from '../../src/infrastructure/geo/driver-spatial-index.js';
import { InMemoryDriverPositions } from '../../src/infrastructure/geo/in-memory-driver-positions.js';
import { LocallyIndexedDriverPositions } from '../../src/infrastructure/geo/locally-indexed-driver-positions.js';
import { driverPositionsKind } from '../../src/infrastructure/geo/open-driver-positions.js';
import { SqliteDriverPositions } from '../../src/infrastructure/geo/sqlite-driver-positions.js';
import { eventually } from '../support/eventually.js';
import { gangnam, seoulStation } from '../support/recorded.js';
import { driverPositionsContract } from './driver-positions.contract.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'taxi-positions-'));

driverPositionsContract('in memory', async () => ({ positions: new InMemoryDriverPositions(), cleanup: async () => {} }));

driverPositionsContract('embedded SQLite', async () => {
  const dir = freshDir();
  const positions = new SqliteDriverPositions(join(dir, 'driver-positions.db'));
  return {
    positions,
    cleanup: async () => {
      positions.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

/** A point `north` metres north of `from` (good enough at city scale). */
const north = (from: Coordinates, metres: number): Coordinates => ({ lat: from.lat + metres / 111_320, lng: from.lng });

describe('Driver positions shared by processes', () => {
  describe('two SQLite stores on one file, as two API replicas would open it', () => {
    let dir: string;
    let first: SqliteDriverPositions;
    let second: SqliteDriverPositions;
    beforeEach(() => {
      dir = freshDir();
      first = new SqliteDriverPositions(join(dir, 'driver-positions.db'));
      second = new SqliteDriverPositions(join(dir, 'driver-positions.db'));
    });
    afterEach(() => {
      first.close();
      second.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('each sees what the other saved, and a late ping through one never overwrites a newer one through the other', async () => {
      const newer = { driverId: 'd-1', location: seoulStation, at: '2026-01-15T08:00:02.000Z' };
      await first.save(newer);
      expect(await second.lastKnown()).to.deep.equal([{ ...newer, location: { lat: seoulStation.lat, lng: seoulStation.lng } }]);
      await second.save({ driverId: 'd-1', location: gangnam, at: '2026-01-15T08:00:01.000Z' });
      expect((await first.lastKnown())[0]!.at).to.equal(newer.at);
    });
  });

  describe('a workers process whose index reads a SQLite file another replica writes', () => {
    const REFRESH_MS = 100;
    let dir: string;
    let eventStore: SqliteEventStore;
    let workersStore: SqliteDriverPositions;
    let apiReplica: SqliteDriverPositions;
    let index: DriverSpatialIndex;
    let feed: DriverAvailabilityFeed;
    const warnings: string[] = [];
    const logger = { warn: (_: object, message: string) => warnings.push(message), error: (_: object, message: string) => warnings.push(message) };

    const goOnline = async (driverId: string, location: Coordinates) => {
      const commands = new CommandHandler(eventStore);
      const context = {
        correlationId: driverId,
        causationId: 'test',
        actor: { role: 'system' as const, id: 'test' },
        timestamp: new Date().toISOString(),
      };
      await commands.handle(
        driverDecider,
        driverStream(driverId),
        { type: 'RegisterDriver', data: { driverId, name: driverId, vehicleNo: 'V', rideTypes: ['STANDARD'], registeredAt: context.timestamp } },
        context,
      );
      await commands.handle(
        driverDecider,
        driverStream(driverId),
        { type: 'GoOnline', data: { driverId, location, at: context.timestamp } },
        context,
      );
    };
    const nearestTo = (origin: Coordinates) => index.nearestNow({ origin, rideType: 'STANDARD', k: 1 })[0]?.driverId;

    beforeEach(async () => {
      dir = freshDir();
      eventStore = new SqliteEventStore(join(dir, 'events.db'));
      workersStore = new SqliteDriverPositions(join(dir, 'driver-positions.db'));
      apiReplica = new SqliteDriverPositions(join(dir, 'driver-positions.db'));
      warnings.length = 0;
      // Mover went online far away (Gangnam, ~9 km); Steady at 2 km from Seoul Station, and never pings.
      await goOnline('mover', gangnam);
      await goOnline('steady', north(seoulStation, 2_000));
      index = new DriverSpatialIndex();
      feed = new DriverAvailabilityFeed({
        eventStore,
        positions: workersStore,
        index,
        logger,
        rebuildIntervalMs: 50,
        refresh: { intervalMs: REFRESH_MS },
      });
      feed.start();
      expect(await feed.caughtUp(5_000)).to.equal(true);
    });
    afterEach(async () => {
      await feed.stop();
      workersStore.close();
      apiReplica.close();
      await eventStore.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('finds a driver where the other replica says they pinged', async () => {
      expect(nearestTo(seoulStation), 'before the ping').to.equal('steady');
      await apiReplica.save({ driverId: 'mover', location: north(seoulStation, 50), at: new Date().toISOString() });
      await eventually(() => nearestTo(seoulStation) === 'mover', 10 * REFRESH_MS, 'the ping to reach the index');
      expect(warnings).to.deep.equal([]);
    });

    it('keeps the newer position when a late ping is stored afterwards', async () => {
      const now = Date.now();
      await apiReplica.save({ driverId: 'mover', location: north(seoulStation, 50), at: new Date(now).toISOString() });
      await eventually(() => nearestTo(seoulStation) === 'mover', 10 * REFRESH_MS, 'the ping to reach the index');
      // A second replica's late write goes to the store with an older time: the store and the index keep the newer one.
      await apiReplica.save({ driverId: 'mover', location: gangnam, at: new Date(now - 1_000).toISOString() });
      // A ping stored after the late one: once the index has it, a refresh has read the store past the late write.
      const after = north(seoulStation, 1_000);
      await apiReplica.save({ driverId: 'steady', location: after, at: new Date().toISOString() });
      await eventually(() => index.positionOf('steady')?.lat === after.lat, 10 * REFRESH_MS, 'a ping stored after the late one to reach the index');
      expect(index.positionOf('mover')).to.deep.equal(north(seoulStation, 50));
    });

    it('still reads a ping stamped behind the newest one read, as replicas whose clocks differ a little write them', async () => {
      // A replica whose clock runs two seconds ahead…
      await apiReplica.save({ driverId: 'steady', location: north(seoulStation, 1_900), at: new Date(Date.now() + 2_000).toISOString() });
      await eventually(() => index.positionOf('steady')?.lat === north(seoulStation, 1_900).lat, 10 * REFRESH_MS, 'the first ping');
      // …then one on time: its ping is older than the newest the feed has read, but within the overlap.
      await apiReplica.save({ driverId: 'mover', location: north(seoulStation, 50), at: new Date().toISOString() });
      await eventually(() => nearestTo(seoulStation) === 'mover', 10 * REFRESH_MS, 'the late-stamped ping to reach the index');
    });
  });

  describe('the refresh of an availability feed', () => {
    let dir: string;
    let eventStore: SqliteEventStore;
    beforeEach(() => {
      dir = freshDir();
      eventStore = new SqliteEventStore(join(dir, 'events.db'));
    });
    afterEach(async () => {
      await eventStore.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** In-memory positions whose reads fail while `failing` is set, counting every read. */
    const flakyStore = () => {
      const inner = new InMemoryDriverPositions();
      const state = { failing: true, reads: 0 };
      const read = <T>(answer: () => Promise<T>) => {
        state.reads += 1;
        return state.failing ? Promise.reject(new Error('store unreachable')) : answer();
      };
      const store: DriverPositions = {
        save: (position: DriverPosition) => inner.save(position),
        saveAll: (positions: readonly DriverPosition[]) => inner.saveAll(positions),
        positionOf: (driverId: string) => read(() => inner.positionOf(driverId)),
        lastKnown: () => read(() => inner.lastKnown()),
        changedSince: (at: string) => read(() => inner.changedSince(at)),
      };
      return { store, state };
    };

    it('warns when a read fails, keeps trying at every tick, catches up once the store answers, and stops with the feed', async () => {
      const { store, state } = flakyStore();
      const warnings: string[] = [];
      const logger = {
        warn: (_: object, message: string) => warnings.push(message),
        error: (_: object, message: string) => warnings.push(`error: ${message}`),
      };
      const index = new DriverSpatialIndex();
      const feed = new DriverAvailabilityFeed({ eventStore, positions: store, index, logger, refresh: { intervalMs: 30 } });
      feed.start();
      try {
        expect(await feed.caughtUp(5_000), 'a failed first read does not hold the feed up').to.equal(true);
        await store.save({ driverId: 'd-1', location: seoulStation, at: new Date().toISOString() });
        await eventually(() => state.reads >= 3, 2_000, 'reads to go on after failures');
        expect(warnings.length).to.be.at.least(2);
        expect(warnings.every((message) => message.startsWith('driver positions not refreshed'))).to.equal(true);
        expect(index.positionOf('d-1')).to.equal(null);
        state.failing = false;
        await eventually(() => index.positionOf('d-1') !== null, 2_000, 'the position after the store recovered');
      } finally {
        await feed.stop();
      }
      const readsAtStop = state.reads;
      // A witness on the same schedule: once it has read twice more, the stopped feed would have read again too.
      const witness = flakyStore();
      witness.state.failing = false;
      const running = new DriverAvailabilityFeed({
        eventStore,
        positions: witness.store,
        index: new DriverSpatialIndex(),
        logger,
        refresh: { intervalMs: 30 },
      });
      running.start();
      try {
        await eventually(() => witness.state.reads >= 3, 2_000, 'two refresh ticks of a feed still running');
      } finally {
        await running.stop();
      }
      expect(state.reads, 'no read after stop').to.equal(readsAtStop);
    });
  });

  describe('the process that receives a ping', () => {
    it('moves the driver in its own index at once, whatever the store', async () => {
      const index = new DriverSpatialIndex();
      const positions = new LocallyIndexedDriverPositions(new InMemoryDriverPositions(), index);
      const position = { driverId: 'd-1', location: gangnam, at: new Date().toISOString() };
      await positions.save(position);
      expect(index.positionOf('d-1')).to.deep.equal({ lat: gangnam.lat, lng: gangnam.lng });
      expect(await positions.positionOf('d-1'), 'and the store has it').to.deep.equal(position);
    });
  });

  describe('choosing where positions live', () => {
    const cases = [
      { DRIVER_POSITIONS: 'auto', ROLE: 'all', MONGO_URL: undefined, kind: 'memory' },
      { DRIVER_POSITIONS: 'auto', ROLE: 'api', MONGO_URL: undefined, kind: 'sqlite' },
      { DRIVER_POSITIONS: 'auto', ROLE: 'workers', MONGO_URL: undefined, kind: 'sqlite' },
      { DRIVER_POSITIONS: 'auto', ROLE: 'all', MONGO_URL: 'mongodb://mongo:27017', kind: 'mongo' },
      { DRIVER_POSITIONS: 'auto', ROLE: 'api', MONGO_URL: 'mongodb://mongo:27017', kind: 'mongo' },
      { DRIVER_POSITIONS: 'shared', ROLE: 'all', MONGO_URL: undefined, kind: 'sqlite' },
      { DRIVER_POSITIONS: 'memory', ROLE: 'api', MONGO_URL: 'mongodb://mongo:27017', kind: 'memory' },
    ] as const;
    for (const { kind, ...config } of cases) {
      it(`${config.DRIVER_POSITIONS}, ROLE=${config.ROLE}, ${config.MONGO_URL ? 'with' : 'without'} MONGO_URL → ${kind}`, () => {
        expect(driverPositionsKind(config)).to.equal(kind);
      });
    }
  });
});
