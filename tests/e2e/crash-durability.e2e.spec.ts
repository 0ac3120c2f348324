import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import { apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { exited, startServerProcess } from '../support/server-process.js';

describe('Durability across a SIGKILL', () => {
  let dataDir: string;
  before(() => (dataDir = mkdtempSync(join(tmpdir(), 'taxi-crash-'))));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every event of every command that answered 2xx before the kill', async function () {
    this.timeout(60_000);
    const server = await startServerProcess({ DATA_DIR: dataDir });
    const api = apiClient(server.url);
    const acknowledged: Array<{ stream: string; type: string }> = [];
    const driverId = await onlineDriver(api, 'Crash');
    for (let i = 0; i < 20; i++) {
      const requested = await api.post('/api/calls', { passengerId: `p-crash-${i}`, pickup: seoul.station, destination: seoul.gangnam });
      expect(requested.status).to.equal(201);
      acknowledged.push({ stream: `call-${requested.body.callId}`, type: 'CallRequested' });
      if (i % 5 === 0) {
        const accepted = await api.post(`/api/calls/${requested.body.callId}/accept`, { driverId });
        expect(accepted.status).to.equal(200);
        acknowledged.push({ stream: `dispatch-${requested.body.callId}`, type: 'DriverAccepted' });
        await api.post(`/api/calls/${requested.body.callId}/cancel`, {});
        acknowledged.push({ stream: `dispatch-${requested.body.callId}`, type: 'DispatchCancelled' });
      }
    }
    // Killed the instant the last answer arrived: no graceful close, no chance to flush later.
    server.child.kill('SIGKILL');
    await exited(server.child);

    const store = new SqliteEventStore(join(dataDir, 'events.db'));
    try {
      for (const { stream, type } of acknowledged) {
        const types = (await store.readStream(stream)).map((e) => e.type);
        expect(types, `${stream} after restart`).to.include(type);
      }
    } finally {
      await store.close();
    }
    const restarted = await startServerProcess({ DATA_DIR: dataDir });
    const again = await apiClient(restarted.url).post('/api/calls', { passengerId: 'p-after', pickup: seoul.station, destination: seoul.gangnam });
    expect(again.status).to.equal(201);
    restarted.child.kill('SIGTERM');
    expect(await exited(restarted.child)).to.equal(0);
  });
});
