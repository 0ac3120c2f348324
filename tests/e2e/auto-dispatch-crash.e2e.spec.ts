import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import { apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { dataOf, dispatchWith, fastDispatchEnv, offsetBy } from '../support/dispatch.js';
import { eventually } from '../support/eventually.js';
import { exited, startServerProcess } from '../support/server-process.js';

describe('Auto-dispatch across a SIGKILL', () => {
  let dataDir: string;
  before(() => (dataDir = mkdtempSync(join(tmpdir(), 'taxi-dispatch-crash-'))));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('still expires the pending offer after a restart, once, and offers the next driver', async function () {
    this.timeout(60_000);
    const env = fastDispatchEnv({ DATA_DIR: dataDir, OFFER_TIMEOUT_MS: '2500', DISPATCH_TOTAL_TIMEOUT_MS: '120000' });
    const server = await startServerProcess(env);
    const api = apiClient(server.url);
    const near = await onlineDriver(api, 'Near', offsetBy(seoul.station, 50, 0));
    const far = await onlineDriver(api, 'Far', offsetBy(seoul.station, 500, 0));
    const callId = (await api.post('/api/calls', { passengerId: 'p-crash', pickup: seoul.station, destination: seoul.gangnam })).body
      .callId as string;

    const store = new SqliteEventStore(join(dataDir, 'events.db'));
    try {
      const dispatchEvents = () => store.readStream(`dispatch-${callId}`);
      const firstEvents = await dispatchWith(store, callId, 'CallOffered', 1, 10_000);
      const [offer] = dataOf(firstEvents, 'CallOffered');
      expect(offer!.driverId).to.equal(near);

      // Killed while the offer is pending: its timer dies with the process.
      server.child.kill('SIGKILL');
      await exited(server.child);
      // Down until the offer is due, so the restart finds a timer already due in the log and must fire it.
      await eventually(() => Date.now() > Date.parse(offer!.expiresAt), 10_000, 'the offer to fall due while the server is down');
      expect(dataOf(await dispatchEvents(), 'OfferExpired'), 'nobody expires the offer while down').to.deep.equal([]);

      const restartedAt = Date.now();
      const restarted = await startServerProcess(env);
      try {
        const events = await dispatchWith(store, callId, 'CallOffered', 2, 20_000);
        const expired = dataOf(events, 'OfferExpired');
        expect(expired.map((e) => e.offerId)).to.deep.equal([offer!.offerId]);
        expect(Date.parse(expired[0]!.expiredAt)).to.be.at.least(Date.parse(offer!.expiresAt));
        expect(Date.parse(expired[0]!.expiredAt), 'expired by the restarted server').to.be.at.least(restartedAt);
        expect(dataOf(events, 'CallOffered').map((o) => o.driverId)).to.deep.equal([near, far]);
        expect(events.map((e) => e.type).slice(0, 3)).to.deep.equal(['CallOffered', 'OfferExpired', 'CallOffered']);
      } finally {
        restarted.child.kill('SIGTERM');
        expect(await exited(restarted.child)).to.equal(0);
      }
    } finally {
      await store.close();
    }
  });
});
