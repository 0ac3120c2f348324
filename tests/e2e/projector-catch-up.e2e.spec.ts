import { checkpointNames } from '../../src/application/ports/checkpoint-store.js';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { READ_STORE, type ReadStore } from '../../src/application/ports/read-store.js';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.js';
import type { DashboardEntry } from '../../src/projections/dashboard/dashboard.projection.js';
import type { NotificationThread } from '../../src/projections/notifications/notifications.projection.js';
import { READ_MODELS } from '../../src/projections/read-models.js';
import { rebuildProjection } from '../../src/projections/rebuild.js';
import { apiClient, onlineDriver, requestRide } from '../support/http-client.js';
import { eventually } from '../support/eventually.js';
import { MONGO_HOW_TO_RUN, skipWithoutServer } from '../support/needs-server.js';
import { reportRanAgainst } from '../support/ran-against.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Every read store adapter the projections are checked against. */
/** The MongoDB run's tests show as pending when MONGO_URL is unset (CI sets it to a FerretDB it starts). */
const adapters: Array<{ name: string; needsMongo?: true; env: () => Record<string, string> }> = [
  { name: 'embedded SQLite', env: () => ({}) },
  {
    name: 'MongoDB wire protocol (MONGO_URL)',
    needsMongo: true,
    env: () => ({ MONGO_URL: process.env.MONGO_URL!, MONGO_DB: `taxi_${randomUUID().slice(0, 8)}` }),
  },
];

const allDocuments = async (readStore: ReadStore, collection: string) =>
  (await readStore.find(collection, {}, { sort: [['id', 'asc']] })).map((document) => JSON.stringify(document));

for (const adapter of adapters) {
  describe(`Projections on ${adapter.name}`, function () {
    this.timeout(120_000);
    if (adapter.needsMongo) skipWithoutServer('MONGO_URL', MONGO_HOW_TO_RUN);
    let dataDir: string;
    let env: Record<string, string>;
    let apiOnly: TestApp;

    before(async () => {
      env = adapter.env();
      // The api role alone: commands are accepted while no projection runs.
      apiOnly = await startTestApp({ ...env, ROLE: 'api', READ_WAIT_IMPLICIT_MS: '1' });
      dataDir = apiOnly.dataDir;
    });
    after(async () => apiOnly?.stop());
    reportRanAgainst('projection tests', adapter.name);

    it('catches up on 200 calls made while they were stopped: every one appears, none twice', async () => {
      const api = apiClient(apiOnly.url);
      const driverId = await onlineDriver(api, 'Catchup');
      const callIds: string[] = [];
      for (let i = 0; i < 200; i++) {
        const callId = await requestRide(api, `p-catchup-${i}`);
        callIds.push(callId);
        if (i % 4 === 0) {
          await api.post(`/api/calls/${callId}/accept`, { driverId });
          await api.post(`/api/calls/${callId}/cancel`, {});
        }
      }
      const stale = await api.get(`/api/calls/${callIds[0]}`);
      expect(stale.status, 'nothing is projected while the projector is down').to.equal(404);

      const projector = await startTestApp({ ...env, ROLE: 'projector', DATA_DIR: dataDir }, { keepDataDir: true });
      try {
        const eventStore = projector.container.get<EventStore>(EVENT_STORE);
        const readStore = projector.container.get<ReadStore>(READ_STORE);
        const head = await eventStore.headPosition();
        for (const { name } of READ_MODELS)
          await eventually(async () => (await readStore.getCheckpoint(checkpointNames.readModel(name))) >= head, 60_000, `${name} caught up`, 20);
        const entries = await readStore.find<DashboardEntry>('dashboard', {}, {});
        const ours = entries.filter((entry) => callIds.includes(entry.callId));
        expect(ours).to.have.length(200);
        expect(ours.filter((entry) => entry.status === 'CANCELLED')).to.have.length(50);
        const threads = await readStore.find<NotificationThread>('notifications', {}, {});
        for (const thread of threads.filter((t) => callIds.includes(t.callId))) {
          const ids = thread.notifications.map((n) => n.notificationId);
          expect(new Set(ids).size, `duplicates in ${thread.callId}`).to.equal(ids.length);
        }
        expect(threads.flatMap((t) => t.notifications)).to.have.length(200 + 50 * 2);

        // A full rebuild from history produces exactly the live read models.
        for (const projection of READ_MODELS) {
          const live = await allDocuments(readStore, projection.collection);
          const result = await rebuildProjection(projection, { eventStore, readStore });
          expect(result.events).to.be.at.least(head);
          expect(await allDocuments(readStore, projection.collection), projection.name).to.deep.equal(live);
        }
      } finally {
        await projector.stop();
      }
    });
  });
}
