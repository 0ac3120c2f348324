import { execFile } from 'node:child_process';
import { expect } from 'chai';
import type { BackgroundWorker } from '../../src/infrastructure/roles/background-worker.js';
import { TOKENS } from '../../src/infrastructure/tokens.js';
import { READ_MODELS } from '../../src/projections/read-models.js';
import { eventually, eventuallyValue } from '../support/eventually.js';
import { apiClient, onlineDriver } from '../support/http-client.js';
import { eventStoreOf, rideToTheEnd } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/** The leased followers of the `workers` role and auto-dispatch, by the name each saves its checkpoint under. */
const FOLLOWERS = [
  'process:auto-dispatch',
  'process:driver-reservations',
  'process:notifier',
  'process:payment-compensation',
  'process:payment-retry',
  'process:ride-lifecycle',
];

type Series = Map<string, number>;

/** Every series of one gauge in a scrape, by the value of `label`. */
const gauge = (text: string, name: string, label: string): Series => {
  const pattern = new RegExp(`^${name}\\{[^}]*${label}="([^"]+)"[^}]*\\} (\\S+)$`, 'gm');
  return new Map([...text.matchAll(pattern)].map(([, key, value]) => [key!, Number(value)]));
};

const scrape = async (app: TestApp) => (await fetch(`${app.url}/metrics`)).text();

/** `npm run cli -- projections status --json` against the app's data directory. */
const projectionsStatus = (dataDir: string) =>
  new Promise<Array<{ projection: string; checkpoint: number; head: number; lag: number }>>((resolve, reject) => {
    const { PATH, HOME } = process.env;
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/infrastructure/cli/cli.ts', 'projections', 'status', '--json'],
      { cwd: ROOT, env: { PATH, HOME, DATA_DIR: dataDir }, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`projections status failed: ${stderr}`)) : resolve(JSON.parse(stdout))),
    );
  });

const progressOf = async (app: TestApp, kind: 'projection' | 'follower') => {
  const text = await scrape(app);
  return {
    position: gauge(text, `taxi_${kind}_position`, kind),
    lagEvents: gauge(text, `taxi_${kind}_lag_events`, kind),
    lagSeconds: gauge(text, `taxi_${kind}_lag_seconds`, kind),
  };
};

const everyAt = (series: Series, names: readonly string[], value: number) => names.every((name) => series.get(name) === value);

describe('Metrics of the followers’ progress', function () {
  this.timeout(90_000);
  const readModels = READ_MODELS.map(({ name }) => name);
  let app: TestApp;
  beforeEach(async () => (app = await startTestApp()));
  afterEach(async () => app.stop());

  it('after a catch-up, puts every read model and every follower at the head of the log with no lag, as `projections status` says', async () => {
    const api = apiClient(app.url);
    await rideToTheEnd(api, await onlineDriver(api, 'Gauge'), 'p-gauge');
    // The head as of each look: the processes that follow the ride (the call completed, the
    // payment noted) may still append after the last answer, and everyone must reach that too.
    const caughtUp = async () => {
      const head = await eventStoreOf(app.container).headPosition();
      const [projections, followers] = [await progressOf(app, 'projection'), await progressOf(app, 'follower')];
      return everyAt(projections.position, readModels, head) && everyAt(followers.position, FOLLOWERS, head) && { projections, followers, head };
    };
    const { projections, followers, head } = await eventuallyValue(caughtUp, 20_000, 'every follower reported at the head');
    expect(head).to.be.greaterThan(10);
    for (const name of readModels) {
      expect([name, projections.lagEvents.get(name), projections.lagSeconds.get(name)]).to.deep.equal([name, 0, 0]);
    }
    for (const name of FOLLOWERS) expect([name, followers.lagEvents.get(name), followers.lagSeconds.get(name)]).to.deep.equal([name, 0, 0]);

    const status = await projectionsStatus(app.dataDir);
    expect(status.map(({ projection, checkpoint, lag }) => [projection, checkpoint, lag])).to.deep.equal(
      readModels.map((name) => [name, projections.position.get(name), projections.lagEvents.get(name)]),
    );
  });

  it('shows the lag growing while the projector and the workers are stopped', async () => {
    const api = apiClient(app.url);
    await onlineDriver(api, 'Before');
    const store = eventStoreOf(app.container);
    const before = await store.headPosition();
    await eventually(async () => everyAt((await progressOf(app, 'projection')).position, readModels, before), 20_000, 'the read models caught up');
    await eventually(async () => everyAt((await progressOf(app, 'follower')).position, FOLLOWERS, before), 20_000, 'the followers caught up');

    await app.container.get<BackgroundWorker>(TOKENS.Projector).stop();
    for (const worker of app.container.getAll<BackgroundWorker>(TOKENS.RunsIn.workers)) await worker.stop();
    await onlineDriver(api, 'While stopped');
    const head = await store.headPosition();
    expect(head).to.be.greaterThan(before);

    const behind = (progress: Awaited<ReturnType<typeof progressOf>>, names: readonly string[]) =>
      names.every((name) => progress.lagSeconds.get(name)! > 0);
    const projections = await eventuallyValue(
      async () => {
        const progress = await progressOf(app, 'projection');
        return behind(progress, readModels) && progress;
      },
      10_000,
      'the read models reported behind in seconds',
    );
    const followers = await eventuallyValue(
      async () => {
        const progress = await progressOf(app, 'follower');
        return behind(progress, FOLLOWERS) && progress;
      },
      10_000,
      'the followers reported behind in seconds',
    );
    for (const name of readModels) {
      expect([name, projections.position.get(name), projections.lagEvents.get(name)]).to.deep.equal([name, before, head - before]);
    }
    for (const name of FOLLOWERS) {
      expect([name, followers.position.get(name), followers.lagEvents.get(name)]).to.deep.equal([name, before, head - before]);
    }
  });
});
