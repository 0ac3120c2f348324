import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import { apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { dataOf, dispatchWith, fastDispatchEnv, offsetBy } from '../support/dispatch.js';
import { eventually } from '../support/eventually.js';
import { exited, type ServerProcess, startServerProcess } from '../support/server-process.js';

const REFRESH_MS = 100;

/**
 * The API process receives the pings, the workers process runs auto-dispatch: the pings reach the
 * workers' index only through the shared positions store (DATA_DIR/driver-positions.db here).
 */
describe('Auto-dispatch with the API and the workers in separate processes', () => {
  let dataDir: string;
  const running: ServerProcess[] = [];

  before(async function () {
    this.timeout(30_000);
    dataDir = mkdtempSync(join(tmpdir(), 'taxi-positions-split-'));
    const env = fastDispatchEnv({ DATA_DIR: dataDir, DRIVER_POSITIONS_REFRESH_MS: String(REFRESH_MS), OFFER_TIMEOUT_MS: '5000' });
    // One after the other: the first creates the files in DATA_DIR.
    running.push(await startServerProcess({ ...env, ROLE: 'api' }));
    running.push(await startServerProcess({ ...env, ROLE: 'workers' }));
  });
  after(async () => {
    for (const server of running) server.child.kill('SIGTERM');
    const codes = await Promise.all(running.map((server) => exited(server.child)));
    rmSync(dataDir, { recursive: true, force: true });
    expect(codes, 'both processes stop cleanly').to.deep.equal([0, 0]);
  });

  it('offers a call to the driver who pinged a location next to the pickup, not to one who went online nearer', async function () {
    this.timeout(15_000);
    const api = apiClient(running[0]!.url);
    const pickup = seoul.station;
    // Went online in Gangnam (~9 km away), then drove to the station: only the ping says so.
    const mover = await onlineDriver(api, 'Mover', { lat: seoul.gangnam.lat, lng: seoul.gangnam.lng });
    const steady = await onlineDriver(api, 'Steady', offsetBy(pickup, 2_000, 0));
    const ping = await api.request('PUT', `/api/drivers/${mover}/location`, offsetBy(pickup, 50, 0));
    expect(ping.status).to.equal(200);
    // The workers read the store every REFRESH_MS: until they have, a call may still go to Steady.
    // So ask again (a fresh call each time, the last one cancelled) until the ping has arrived.
    const store = new SqliteEventStore(join(dataDir, 'events.db'));
    try {
      const offeredFirst = async () => {
        const requested = await api.post('/api/calls', { passengerId: 'p-split', pickup, destination: seoul.gangnam });
        expect(requested.status).to.equal(201);
        const [offer] = dataOf(await dispatchWith(store, requested.body.callId, 'CallOffered', 1, 8_000), 'CallOffered');
        await api.post(`/api/calls/${requested.body.callId}/cancel`, {});
        return offer!.driverId;
      };
      const offers: string[] = [];
      await eventually(
        async () => offers.push(await offeredFirst()) > 0 && offers.at(-1) === mover,
        10_000,
        'a call offered to the driver who pinged next to the pickup',
      );
      expect(
        offers.every((driverId) => driverId === mover || driverId === steady),
        `offered to ${offers.join(', ')}`,
      ).to.equal(true);
    } finally {
      await store.close();
    }
  });
});
