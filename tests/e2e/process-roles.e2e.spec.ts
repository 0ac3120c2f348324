import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { apiClient, onlineDriver, requestRide } from '../support/http-client.js';
import { exited, type ServerProcess, startServerProcess } from '../support/server-process.js';

/** api, projector and workers as three processes sharing the embedded store's files. */
describe('Process roles on one embedded store', function () {
  this.timeout(90_000);
  let dataDir: string;
  const running: ServerProcess[] = [];
  const start = async (role: string) => {
    const server = await startServerProcess({ ROLE: role, DATA_DIR: dataDir, AUTO_DISPATCH: 'off', READ_WAIT_IMPLICIT_MS: '50' });
    running.push(server);
    return server;
  };
  before(() => (dataDir = mkdtempSync(join(tmpdir(), 'taxi-roles-'))));
  after(async () => {
    for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a full ride; commands go on while the projector is down, and it catches up when back', async () => {
    const [api, projector] = [await start('api'), await start('projector'), await start('workers')];
    const client = apiClient(api.url);
    expect((await fetch(`${projector.url}/api/calls`)).status, 'a projector serves no API').to.equal(404);

    const driverId = await onlineDriver(client, 'Roles');
    const callId = await requestRide(client, 'p-roles');
    await client.post(`/api/calls/${callId}/accept`, { driverId });
    await client.post(`/api/calls/${callId}/start`, { driverId });
    const finished = await client.post(`/api/calls/${callId}/finish`, { driverId });
    expect(finished.status).to.equal(200);
    const entry = await client.get(`/api/calls/${callId}?minPosition=${finished.body.position}`);
    expect(entry.body).to.include({ status: 'FINISHED', driverId });

    projector.child.kill('SIGKILL');
    await exited(projector.child);
    const during = await client.post('/api/calls', { passengerId: 'p-roles', pickup: entry.body.pickup, destination: entry.body.destination });
    expect(during.status, 'requests are accepted while the projector is down').to.equal(201);
    const stale = await client.get(`/api/passengers/p-roles/calls`);
    expect(stale.headers.get('x-read-model-stale')).to.equal('true');
    expect(stale.body.items.map((e: { callId: string }) => e.callId)).not.to.include(during.body.callId);

    await start('projector');
    const caughtUp = await client.get(`/api/passengers/p-roles/calls?minPosition=${during.body.position}`);
    expect(caughtUp.headers.get('x-read-model-stale')).to.equal(null);
    expect(caughtUp.body.items.map((e: { callId: string }) => e.callId)).to.include(during.body.callId);
  });
});
