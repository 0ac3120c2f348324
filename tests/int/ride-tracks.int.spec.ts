import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { InMemoryRideTracks } from '../../src/infrastructure/geo/in-memory-ride-tracks.js';
import { MongoRideTracks } from '../../src/infrastructure/geo/mongo-ride-tracks.js';
import { SqliteRideTracks } from '../../src/infrastructure/geo/sqlite-ride-tracks.js';
import { dropDatabase, freshDbName, mongoUrl, skippedWithoutMongo } from '../support/mongo-test-db.js';
import { rideTracksContract } from './ride-tracks.contract.js';

rideTracksContract('in memory', async () => ({ tracks: new InMemoryRideTracks(), cleanup: async () => {} }));

rideTracksContract('embedded SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taxi-tracks-'));
  const tracks = new SqliteRideTracks(join(dir, 'ride-tracks.db'));
  return {
    tracks,
    cleanup: async () => {
      tracks.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite ride tracks shared by two processes', () => {
  it('lets one process read what another recorded (the api and workers roles)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taxi-tracks-'));
    const writer = new SqliteRideTracks(join(dir, 'ride-tracks.db'));
    const reader = new SqliteRideTracks(join(dir, 'ride-tracks.db'));
    try {
      await writer.record({ driverId: 'd-1', location: { lat: 37.5, lng: 127 }, at: '2026-01-15T08:00:00.000Z' });
      expect(await reader.between('d-1', '2026-01-15T07:00:00.000Z', '2026-01-15T09:00:00.000Z')).to.have.length(1);
    } finally {
      writer.close();
      reader.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const url = mongoUrl;
if (!url) {
  skippedWithoutMongo('RideTracks contract — MongoDB / FerretDB');
} else {
  rideTracksContract(`Mongo at ${url}`, async () => {
    const dbName = freshDbName('tracks_test');
    const tracks = new MongoRideTracks(url, dbName);
    return {
      tracks,
      cleanup: async () => {
        await dropDatabase(url, dbName);
        await tracks.close();
      },
    };
  });
}

describe('In-memory ride tracks of a waiting fleet', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 15, 8, minute)).toISOString();
  const ping = (driverId: string, minute: number) => ({ driverId, location: { lat: 37.5, lng: 127 }, at: at(minute) });
  const free = new Set<string>();
  const tracks = new InMemoryRideTracks({ isFree: (driverId) => free.has(driverId), keepMs: 10 * 60_000 });
  const minutes = async (driverId: string) =>
    (await tracks.between(driverId, at(0), at(200))).map((point) => new Date(point.at).getUTCMinutes() + 60 * (new Date(point.at).getUTCHours() - 8));

  it("keeps only a free driver's last minutes, and every point of a busy driver's ride", async () => {
    free.add('waiting');
    for (let minute = 0; minute < 100; minute++) await tracks.recordAll([ping('waiting', minute), ping('driving', minute)]);
    const waiting = await minutes('waiting');
    expect(waiting.at(-1)).to.equal(99);
    // Trimmed in steps, never into the last ten minutes.
    expect(waiting[0]).to.be.within(58, 89);
    expect(waiting).to.deep.equal(Array.from({ length: 100 - waiting[0]! }, (_, i) => waiting[0]! + i));
    expect(await minutes('driving')).to.deep.equal(Array.from({ length: 100 }, (_, i) => i));
  });
});
