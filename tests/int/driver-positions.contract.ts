import { expect } from 'chai';
import type { DriverPosition, DriverPositions } from '../../src/application/ports/driver-positions.js';
import { reportRanAgainst } from '../support/ran-against.js';

export type DriverPositionsFactory = () => Promise<{ positions: DriverPositions; cleanup: () => Promise<void> }>;

const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);
/** An ISO time `ms` after the start of the test's morning. */
const at = (ms: number) => new Date(T0 + ms).toISOString();
const ping = (driverId: string, ms: number, lat = 37.5 + ms / 1e7, lng = 127 + ms / 1e7): DriverPosition => ({
  driverId,
  location: { lat, lng },
  at: at(ms),
});
const byDriver = (positions: DriverPosition[]) => [...positions].sort((a, b) => a.driverId.localeCompare(b.driverId));

/** The behaviour every DriverPositions adapter shares; the factory hands out an empty store per test. */
/**
 * `atomicUpdates`: whether the server applies a conditional update to one document atomically
 * (false for FerretDB 1.x, where concurrent pings of one driver may leave an older one stored).
 */
export const driverPositionsContract = (
  adapterName: string,
  factory: DriverPositionsFactory,
  atomicUpdates: () => Promise<boolean> = async () => true,
) => {
  describe(`DriverPositions contract — ${adapterName}`, () => {
    let positions: DriverPositions;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ positions, cleanup } = await factory()));
    afterEach(async () => cleanup());
    reportRanAgainst('driver-positions contract', adapterName);

    it('knows nothing before the first ping', async () => {
      expect(await positions.lastKnown()).to.deep.equal([]);
      expect(await positions.changedSince(at(0))).to.deep.equal([]);
      expect(await positions.positionOf('d-1')).to.equal(null);
    });

    it('gives back a saved position as it was reported', async () => {
      const position = { driverId: 'd-1', location: { lat: 37.554722, lng: 126.970833 }, at: at(1_234) };
      await positions.save(position);
      expect(await positions.lastKnown()).to.deep.equal([position]);
    });

    it('replaces a position with a newer one', async () => {
      await positions.save(ping('d-1', 1_000));
      await positions.save(ping('d-1', 2_000));
      expect(await positions.lastKnown()).to.deep.equal([ping('d-1', 2_000)]);
    });

    it('never lets a late ping overwrite a newer one', async () => {
      await positions.save(ping('d-1', 5_000));
      await positions.save(ping('d-1', 4_999));
      expect(await positions.lastKnown()).to.deep.equal([ping('d-1', 5_000)]);
    });

    it('saves a batch as one save each would: the newest per driver, a late ping never winning', async () => {
      await positions.save(ping('d-2', 9_000));
      await positions.saveAll([ping('d-1', 1_000), ping('d-2', 8_000), ping('d-1', 3_000), ping('d-1', 2_000), ping('d-3', 500)]);
      expect(byDriver(await positions.lastKnown())).to.deep.equal([ping('d-1', 3_000), ping('d-2', 9_000), ping('d-3', 500)]);
      await positions.saveAll([]);
      expect(await positions.lastKnown()).to.have.length(3);
    });

    it('keeps the first of two pings reported at the same moment', async () => {
      await positions.save(ping('d-1', 3_000, 37.1, 127.1));
      await positions.save(ping('d-1', 3_000, 37.2, 127.2));
      expect(await positions.lastKnown()).to.deep.equal([ping('d-1', 3_000, 37.1, 127.1)]);
    });

    describe("one driver's last known position", () => {
      it('is the newest saved for that driver, as it was reported', async () => {
        const position = { driverId: 'd-1', location: { lat: 37.554722, lng: 126.970833 }, at: at(2_000) };
        await positions.save(ping('d-1', 1_000));
        await positions.save(position);
        await positions.save(ping('d-2', 3_000));
        expect(await positions.positionOf('d-1')).to.deep.equal(position);
        expect(await positions.positionOf('d-2')).to.deep.equal(ping('d-2', 3_000));
      });

      it('stays the newer one when an older position is saved after it', async () => {
        // Going online somewhere new, then a ping stamped before it that arrives late.
        await positions.save(ping('d-1', 5_000, 37.4979, 127.0276));
        await positions.save(ping('d-1', 4_000, 37.5547, 126.9707));
        expect(await positions.positionOf('d-1')).to.deep.equal(ping('d-1', 5_000, 37.4979, 127.0276));
      });

      it('is none for a driver nothing was saved for, whoever else is known', async () => {
        await positions.save(ping('d-1', 1_000));
        expect(await positions.positionOf('d-2')).to.equal(null);
      });
    });

    describe('what changed since a moment', () => {
      it('returns the positions reported at or after it, and no earlier one', async () => {
        await positions.save(ping('d-early', 999));
        await positions.save(ping('d-exact', 1_000));
        await positions.save(ping('d-later', 1_001));
        expect(byDriver(await positions.changedSince(at(1_000)))).to.deep.equal([ping('d-exact', 1_000), ping('d-later', 1_001)]);
        expect(await positions.changedSince(at(1_002))).to.deep.equal([]);
      });

      it('returns a driver who moved since once, at the newest position', async () => {
        await positions.save(ping('d-1', 1_000));
        await positions.save(ping('d-1', 2_000));
        await positions.save(ping('d-1', 3_000));
        expect(await positions.changedSince(at(1_500))).to.deep.equal([ping('d-1', 3_000)]);
      });

      it('does not return a driver whose late ping arrived after the moment but was reported before it', async () => {
        await positions.save(ping('d-1', 500));
        await positions.save(ping('d-1', 400));
        expect(await positions.changedSince(at(450))).to.deep.equal([ping('d-1', 500)]);
        expect(await positions.changedSince(at(600))).to.deep.equal([]);
      });
    });

    it('keeps one position per driver for many drivers', async () => {
      const drivers = Array.from({ length: 100 }, (_, i) => `d-${String(i).padStart(3, '0')}`);
      await Promise.all(drivers.map((driverId, i) => positions.save(ping(driverId, i))));
      await Promise.all(drivers.map((driverId, i) => positions.save(ping(driverId, 1_000 + i))));
      expect(byDriver(await positions.lastKnown())).to.deep.equal(drivers.map((driverId, i) => ping(driverId, 1_000 + i)));
      expect(byDriver(await positions.changedSince(at(1_050)))).to.deep.equal(drivers.slice(50).map((driverId, i) => ping(driverId, 1_050 + i)));
    });

    it('ends with the newest of many concurrent pings of one driver, whatever order they arrive in', async function () {
      if (!(await atomicUpdates())) {
        console.log(
          '      skipped: this server does not apply concurrent conditional updates atomically (FerretDB 1.x); run against MongoDB for this check',
        );
        this.skip();
      }
      // 30 pings, sent together in a scrambled order (7 is coprime with 30).
      const order = Array.from({ length: 30 }, (_, i) => (i * 7) % 30);
      await Promise.all(order.map((n) => positions.save(ping('d-1', 10_000 + n * 100))));
      expect(await positions.lastKnown()).to.deep.equal([ping('d-1', 10_000 + 29 * 100)]);
    });
  });
};
