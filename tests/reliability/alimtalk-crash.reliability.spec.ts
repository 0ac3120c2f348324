import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SIMULATED_ACCOUNT } from '../../src/infrastructure/notifications/open-notifier.js';
import { type RunningSolapiSimulator, startSolapiSimulator } from '../../src/infrastructure/notifications/solapi/simulator.js';
import { eventuallyValue } from '../support/eventually.js';
import { apiClient } from '../support/http-client.js';
import { exited, type ServerProcess, startServerProcess } from '../support/server-process.js';
import { UNLIMITED, summary } from './support/report.js';

const PASSENGERS = 40;
const KILLS = 2;
const TOLD = ['CALL_REQUESTED_KO', 'CALL_CANCELLED_BY_CENTRE_KO'];

/**
 * The process sending AlimTalk is SIGKILLed while messages are in flight (the provider answers
 * slowly) and started again on the same data. The provider simulator runs here, outside the killed
 * process, so its ledger tells whether every event's message arrived, and how often one was sent again.
 */
describe('Reliability: SIGKILL while AlimTalk messages are in flight', () => {
  let dataDir: string;
  let simulator: RunningSolapiSimulator;
  let server: ServerProcess | undefined;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'taxi-alimtalk-crash-'));
    simulator = await startSolapiSimulator({ ...SIMULATED_ACCOUNT, latencyMs: 40 });
  });
  after(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await simulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`tells each of ${PASSENGERS} booked passengers each message once in effect through ${KILLS} kills`, async function () {
    this.timeout(180_000);
    const env = {
      ...UNLIMITED,
      DATA_DIR: dataDir,
      AUTO_DISPATCH: 'off',
      SOLAPI_BASE_URL: simulator.url,
      WORKER_LEASE_TTL_MS: '1500',
      NOTIFY_DEAD_LETTER_RETRY_MS: '500',
    };
    server = await startServerProcess(env);
    const phones = Array.from({ length: PASSENGERS }, (_, i) => `010-7000-${String(1000 + i)}`);
    const operator = apiClient(server.url).as({ role: 'operator', subject: 'op-crash' });
    for (const phone of phones) {
      const { body } = await operator.post('/api/bookings', {
        phone,
        pickup: { lat: 37.5547, lng: 126.9707, address: 'Seoul Station' },
        destination: { lat: 37.4979, lng: 127.0276, address: 'Gangnam Station' },
        locale: 'ko',
      });
      expect((await operator.post(`/api/calls/${body.callId}/cancel`, { reason: 'test' })).status).to.equal(200);
    }
    for (let kill = 0; kill < KILLS; kill += 1) {
      // Some messages told, more in flight: the kill lands in the middle of the worker's batch.
      await eventuallyValue(
        () => simulator.ledger.list().length >= ((kill + 1) * PASSENGERS * TOLD.length) / (KILLS + 2),
        30_000,
        'messages under way',
      );
      server.child.kill('SIGKILL');
      await exited(server.child);
      server = await startServerProcess(env);
    }
    const digitsOf = (phone: string) => phone.replace(/\D/g, '');
    await eventuallyValue(() => simulator.ledger.list().length >= PASSENGERS * TOLD.length, 60_000, 'every message told');
    const ledger = simulator.ledger.list();
    for (const phone of phones) {
      expect(
        ledger.filter((sent) => sent.to === digitsOf(phone)).map((sent) => sent.kakaoOptions?.templateId),
        phone,
      ).to.deep.equal(TOLD);
    }
    summary('alimtalk-crash', {
      passengers: PASSENGERS,
      kills: KILLS,
      messages: ledger.length,
      resentAfterKills: ledger.reduce((sum, sent) => sum + sent.repeats, 0),
    });
  });
});
