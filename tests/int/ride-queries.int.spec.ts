import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { LogEvent } from '../../src/domain/events.js';
import type { Coordinates } from '../../src/domain/shared/geo.js';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store.js';
import { callListProjection } from '../../src/projections/call-list/call-list.projection.js';
import { driversProjection } from '../../src/projections/drivers/drivers.projection.js';
import type { Projection, ReadModelDocument } from '../../src/projections/projection.js';
import { RideQueries } from '../../src/projections/queries/ride-queries.js';
import { gangnam, recordAll, seoulStation } from '../support/recorded.js';
import { replay } from '../support/replay.js';

/** Along a meridian the great-circle distance is exactly this many metres per degree of latitude. */
const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;
/** A point `metres` due north of `from`. */
const north = (from: Coordinates, metres: number): Coordinates => ({ lat: from.lat + metres / METRES_PER_DEGREE, lng: from.lng });
const place = (at: Coordinates, address: string) => ({ ...at, address });

const requested = (callId: string, pickup: Coordinates, requestedAt: string): LogEvent => ({
  type: 'CallRequested',
  data: { callId, passengerId: `p-${callId}`, pickup: place(pickup, callId), destination: gangnam, rideType: 'STANDARD', requestedAt },
});

describe("The drivers' call list query", () => {
  let dir: string;
  let readStore: SqliteReadStore;
  let queries: RideQueries;

  /** Projects the events into the read store, as the projector would. */
  const project = async (events: LogEvent[]) => {
    const recorded = recordAll(events);
    const head = recorded.at(-1)!.position;
    const models: Array<Projection<ReadModelDocument>> = [driversProjection, callListProjection];
    for (const projection of models) {
      const documents = [...replay(projection, recorded).values()];
      await readStore.commit(
        projection.name,
        documents.map((document) => ({ kind: 'upsert', collection: projection.collection, document, position: document.position })),
        head,
      );
    }
  };

  // The driver went online at Seoul Station; call "near-station" is 300 m from there, "far" 5 km
  // north of it, and "mover" 100 m from where the driver has driven since (4.9 km north).
  const wentOnlineAt = { lat: seoulStation.lat, lng: seoulStation.lng };
  const drovenTo = north(seoulStation, 4_900);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taxi-ride-queries-'));
    readStore = new SqliteReadStore(join(dir, 'read-models.db'));
    queries = new RideQueries(readStore);
    await project([
      {
        type: 'DriverRegistered',
        data: { driverId: 'd-1', name: 'Kim', vehicleNo: 'V-1', rideTypes: ['STANDARD'], registeredAt: '2026-01-15T07:00:00.000Z' },
      },
      { type: 'DriverWentOnline', data: { driverId: 'd-1', location: wentOnlineAt, at: '2026-01-15T07:00:01.000Z' } },
      requested('mover', north(seoulStation, 5_000), '2026-01-15T08:00:00.000Z'),
      requested('near-station', north(seoulStation, 300), '2026-01-15T08:00:01.000Z'),
      requested('far', north(seoulStation, 9_000), '2026-01-15T08:00:02.000Z'),
    ]);
  });
  afterEach(async () => {
    await readStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const listed = (entries: Array<{ callId: string; distanceMeters: number | null }>) =>
    entries.map(({ callId, distanceMeters }) => [callId, distanceMeters]);

  it('orders from where the driver went online when no later position is known', async () => {
    expect(listed(await queries.callList('d-1', 10))).to.deep.equal([
      ['near-station', 300],
      ['mover', 5_000],
      ['far', 9_000],
    ]);
  });

  it("orders from, and measures from, the driver's last known position when given", async () => {
    expect(listed(await queries.callList('d-1', 10, drovenTo))).to.deep.equal([
      ['mover', 100],
      ['far', 4_100],
      ['near-station', 4_600],
    ]);
  });

  it('cuts the list at the limit after ordering', async () => {
    expect(listed(await queries.callList('d-1', 1, drovenTo))).to.deep.equal([['mover', 100]]);
  });

  it('lists calls at the same distance oldest first', async () => {
    await project([requested('twin', north(seoulStation, 300), '2026-01-15T08:00:03.000Z')]);
    const [first, second] = await queries.callList('d-1', 2);
    expect([first!.callId, second!.callId]).to.deep.equal(['near-station', 'twin']);
  });

  it('answers DRIVER_NOT_FOUND for an unknown driver, even with a position', async () => {
    const error = await queries.callList('nobody', 10, drovenTo).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.have.property('code', 'DRIVER_NOT_FOUND');
  });
});
