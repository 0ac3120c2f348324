import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { NO_FAULTS, type RunningSimulator, startPaymentGatewaySimulator } from '../../src/infrastructure/payment-gateway/simulator.js';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import { CryptoShreddingEventStore } from '../../src/infrastructure/privacy/crypto-shredding-event-store.js';
import { PersonalKeysCache } from '../../src/infrastructure/privacy/personal-keys-cache.js';
import { SealingReadStore } from '../../src/infrastructure/privacy/sealing-read-store.js';
import { personalCollections } from '../../src/projections/read-models.js';
import { SqlitePersonalDataKeys } from '../../src/infrastructure/privacy/sqlite-personal-data-keys.js';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store.js';
import { type ApiClient, apiClient, onlineDriver } from '../support/http-client.js';
import { eventually, paymentStatuses } from '../support/rides.js';
import { exited, type ServerProcess, startServerProcess } from '../support/server-process.js';
import { compareWithRebuild, readModelsCaughtUp } from './support/convergence.js';
import { callHistoryProblems, driverHistoryProblems, readHistory } from './support/histories.js';
import { UNLIMITED, seedFromEnv, seededRandom, summary } from './support/report.js';
import { runRides } from './support/ride-load.js';

const RIDES = 500;
const LANES = 16;
const KILLS = 3;

const chargesFor = async (simulator: RunningSimulator, paymentId: string) => {
  const response = await fetch(`${simulator.url}/charges?reference=${encodeURIComponent(paymentId)}`);
  return ((await response.json()) as { charges: unknown[] }).charges.length;
};

/**
 * The all-in-one process is SIGKILLed at random points of a 500-ride load, and started again on
 * the same data. The payment gateway simulator runs here, outside the killed process, so its
 * books survive the kills and tell whether any payment was charged twice.
 */
describe('Reliability: SIGKILL during load', () => {
  let dataDir: string;
  let simulator: RunningSimulator;
  let server: ServerProcess | undefined;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'taxi-crash-load-'));
    simulator = await startPaymentGatewaySimulator({ faults: NO_FAULTS, seed: 19 });
  });
  after(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await simulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged command of ${RIDES} rides through ${KILLS} kills, converges, and charges each ride once`, async function () {
    this.timeout(240_000);
    const seed = seedFromEnv();
    const random = seededRandom(seed);
    const env = {
      ...UNLIMITED,
      DATA_DIR: dataDir,
      PAYMENT_GATEWAY_URL: simulator.url,
      // A payment whose finish died before charging is picked up by the retry worker after this.
      PAYMENT_RETRY_GRACE_MS: '1000',
      PAYMENT_RETRY_BASE_MS: '200',
      PAYMENT_RETRY_MAX_DELAY_MS: '1000',
      // The killed process never releases its worker leases: the restarted one takes over after this.
      WORKER_LEASE_TTL_MS: '1500',
    };
    server = await startServerProcess(env);
    let api: ApiClient = apiClient(server.url);
    let restarting: Promise<void> = Promise.resolve();
    const drivers = await Promise.all(Array.from({ length: LANES }, (_, i) => onlineDriver(api, `Crash${i}`)));

    // Kill points: after a random number of acknowledged steps (request, accept, start, finish),
    // one in each of KILLS equal stretches of the load, so the kills are spread over it.
    const totalSteps = RIDES * 4;
    const killAt = Array.from({ length: KILLS }, (_, i) => Math.floor(totalSteps * (0.05 + (0.85 * (i + random())) / KILLS)));
    const kills: Array<{ afterStep: number; downMs: number }> = [];
    let down = false;
    const kill = (afterStep: number) => {
      const victim = server!;
      const downAt = Date.now();
      down = true;
      victim.child.kill('SIGKILL');
      restarting = (async () => {
        await exited(victim.child);
        server = await startServerProcess(env);
        api = apiClient(server.url);
        kills.push({ afterStep, downMs: Date.now() - downAt });
        down = false;
      })();
    };
    const load = await runRides({
      rides: RIDES,
      lanes: LANES,
      drivers,
      prefix: `crash-${seed}`,
      api: () => api,
      serverUp: () => restarting,
      onAcknowledged: (count) => {
        // One kill at a time: a kill point reached while the server restarts waits for it.
        if (!down && killAt.length > 0 && count >= killAt[0]!) {
          killAt.shift();
          kill(count);
        }
      },
    });
    await restarting;
    expect(load.failures, 'rides that could not be completed').to.deep.equal([]);
    expect(load.callIds).to.have.length(RIDES);

    // Converge while running: every payment settled, every read model at the head of the log.
    const eventStore = new SqliteEventStore(join(dataDir, 'events.db'));
    const keys = new SqlitePersonalDataKeys(join(dataDir, 'personal-data-keys.db'));
    // Read as the server reads it: personal fields are stored sealed with each person's key.
    const readStore = new SealingReadStore(new SqliteReadStore(join(dataDir, 'read-models.db')), new PersonalKeysCache(keys), personalCollections());
    try {
      const settleMs = await eventually(
        async () => [...(await paymentStatuses(eventStore, load.callIds)).values()].every((status) => status === 'APPROVED'),
        60_000,
        'every payment approved',
        250,
      );
      await eventually(() => readModelsCaughtUp(eventStore, readStore), 30_000, 'read models at the head of the log', 100);
      server.child.kill('SIGTERM');
      expect(await exited(server.child), 'graceful exit code').to.equal(0);

      const lost: string[] = [];
      for (const { stream, type, command } of load.acknowledged) {
        const types = (await eventStore.readStream(stream)).map((event): string => event.type);
        if (!types.includes(type)) lost.push(`${command}: ${type} missing from ${stream}`);
      }
      const problems: string[] = [];
      for (const callId of load.callIds) problems.push(...callHistoryProblems(await readHistory(eventStore, callId)));
      for (const driverId of drivers) problems.push(...driverHistoryProblems(driverId, await eventStore.readStream(`driver-${driverId}`)));
      // A rebuild reads the log as the server does: personal fields opened with each person's key.
      const comparison = await compareWithRebuild(new CryptoShreddingEventStore(eventStore, keys), readStore);
      const charges = await Promise.all(load.callIds.map((callId) => chargesFor(simulator, `pay-${callId}`)));
      const charged = charges.filter((n) => n === 1).length;
      const doubleCharged = charges.filter((n) => n > 1).length;

      summary('SIGKILL during load', {
        seed,
        'rides held': `${RIDES} over ${LANES} lanes`,
        'kills survived': `${kills.length} (after step ${kills.map((k) => `${k.afterStep}/${totalSteps}, down ${(k.downMs / 1000).toFixed(1)} s`).join('; ')})`,
        'commands acknowledged': load.acknowledged.length ? new Set(load.acknowledged.map((a) => a.command)).size : 0,
        'retried after no answer': load.retries,
        'events checked': load.acknowledged.length,
        'events lost': lost.length,
        'read models equal to a rebuild': `${comparison.filter((c) => c.equal).length}/${comparison.length} (${comparison.map((c) => `${c.model} ${c.live}`).join(', ')})`,
        'payments approved': `${charged} charged once, ${doubleCharged} twice, settled ${settleMs} ms after the load`,
        'gateway stats': JSON.stringify(simulator.stats()),
      });
      expect(kills, 'kills performed').to.have.length(KILLS);
      expect(lost, 'acknowledged events lost').to.deep.equal([]);
      expect(problems, `invalid histories (seed ${seed})`).to.deep.equal([]);
      expect(
        comparison.filter((c) => !c.equal),
        'read models that differ from a rebuild',
      ).to.deep.equal([]);
      expect(doubleCharged, 'payments charged twice').to.equal(0);
      expect(charged, 'payments charged exactly once').to.equal(RIDES);
      expect(simulator.stats().chargesCreated, 'charges booked at the gateway').to.equal(RIDES);
    } finally {
      await keys.close();
      await readStore.close();
      await eventStore.close();
    }
  });
});
