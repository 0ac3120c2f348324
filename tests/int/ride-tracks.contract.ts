import { expect } from 'chai';
import type { RideTracks } from '../../src/application/ports/ride-tracks.js';

export type RideTracksFixture = { tracks: RideTracks; cleanup: () => Promise<void> };

const ping = (driverId: string, second: number, lat = 37.55 + second / 10_000) => ({
  driverId,
  location: { lat, lng: 126.97 },
  at: new Date(Date.UTC(2026, 0, 15, 8, 0, second)).toISOString(),
});
const at = (second: number) => new Date(Date.UTC(2026, 0, 15, 8, 0, second)).toISOString();

/** What every RideTracks adapter must do, run against each. */
export const rideTracksContract = (name: string, open: () => Promise<RideTracksFixture>) =>
  describe(`RideTracks contract — ${name}`, () => {
    let fixture: RideTracksFixture;
    beforeEach(async () => {
      fixture = await open();
    });
    afterEach(async () => fixture.cleanup());

    it("answers a driver's positions within the interval, inclusive, oldest first", async () => {
      for (const second of [40, 10, 20, 30, 0]) await fixture.tracks.record(ping('d-1', second));
      const stretch = await fixture.tracks.between('d-1', at(10), at(30));
      expect(stretch).to.deep.equal([ping('d-1', 10), ping('d-1', 20), ping('d-1', 30)]);
    });

    it('records a batch as one record each would: in time order, a ping sent twice once', async () => {
      await fixture.tracks.record(ping('d-1', 20));
      await fixture.tracks.recordAll([ping('d-1', 30), ping('d-2', 5), ping('d-1', 10), ping('d-1', 20), ping('d-1', 40)]);
      expect(await fixture.tracks.between('d-1', at(0), at(59))).to.deep.equal([ping('d-1', 10), ping('d-1', 20), ping('d-1', 30), ping('d-1', 40)]);
      expect(await fixture.tracks.between('d-2', at(0), at(59))).to.deep.equal([ping('d-2', 5)]);
      await fixture.tracks.recordAll([]);
    });

    it('keeps drivers apart', async () => {
      await fixture.tracks.record(ping('d-1', 5));
      await fixture.tracks.record(ping('d-2', 6));
      expect(await fixture.tracks.between('d-2', at(0), at(59))).to.deep.equal([ping('d-2', 6)]);
    });

    it('keeps a ping sent twice once', async () => {
      await fixture.tracks.record(ping('d-1', 5));
      await fixture.tracks.record(ping('d-1', 5));
      expect(await fixture.tracks.between('d-1', at(0), at(59))).to.have.length(1);
    });

    it('forgets what is older than the pruning time, and only that', async () => {
      for (const second of [0, 10, 20]) await fixture.tracks.record(ping('d-1', second));
      await fixture.tracks.prune(at(10));
      expect(await fixture.tracks.between('d-1', at(0), at(59))).to.deep.equal([ping('d-1', 10), ping('d-1', 20)]);
    });

    it('answers nothing for a driver who never pinged', async () => {
      expect(await fixture.tracks.between('nobody', at(0), at(59))).to.deep.equal([]);
    });
  });
