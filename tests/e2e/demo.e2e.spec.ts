import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { runDemo } from '../../scripts/demo/city.js';
import { devToken } from '../support/sse-client.js';
import { eventually } from '../support/eventually.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('npm run demo (the living city)', function () {
  this.timeout(180_000);
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app?.stop());

  /** What an operator sees once the demo has exited, read here and not from the demo's own check. */
  const operatorView = async () => {
    const authorization = `Bearer ${await devToken(app.url, 'operator', 'demo-test-operator')}`;
    const get = async (path: string) => (await (await fetch(`${app.url}${path}`, { headers: { authorization } })).json()) as { items: unknown[] };
    return {
      openRides: (await get('/api/calls?status=DISPATCHED,DRIVING&limit=100')).items,
      driversOnRide: (await get('/api/drivers?status=ON_RIDE&limit=100')).items,
    };
  };

  describe('when stopped while rides are still open', () => {
    it('finishes and pays rides, cancels the rest, and leaves a clean city that equals a rebuild', async () => {
      const lines: string[] = [];
      const result = await runDemo({
        url: app.url,
        drivers: 4,
        // The bound, not the expectation: the run ends as soon as three rides are finished.
        seconds: 90,
        // More calls than four taxis can serve: some rides are open when the run stops.
        callsPerSecond: 3,
        tickMs: 200,
        metersPerTick: 2_000,
        reportEveryMs: 250,
        log: (line) => lines.push(line),
        stopWhen: (so) => so.finished >= 3,
        // The test app runs on the embedded stores, whatever MONGO_URL the suite itself was given.
        check: { verifyEnv: { DATA_DIR: app.dataDir, MONGO_URL: undefined, MONGO_DB: undefined, EVENTSTORE_URL: undefined } },
      });
      const { tally } = result;
      expect(result.transport, 'taxis talk to dispatch over the driver channel').to.equal('channel');
      expect(tally.pings).to.be.greaterThan(0);
      expect(tally.errorSamples).to.deep.equal([]);
      expect(tally.errors).to.equal(0);
      expect(tally.finished).to.be.at.least(3);
      expect(tally.accepted, 'taxis took their rides through offers').to.be.at.least(3);
      expect(tally.offers).to.be.at.least(tally.accepted);
      expect(tally.paid + tally.paymentPending).to.equal(tally.finished);
      expect(tally.cancelled, 'rides still waiting when the run stopped were cancelled').to.be.at.least(1);
      expect(tally.finished + tally.cancelled, 'every ride the run requested ended').to.equal(tally.requested);
      expect(result.leftOpen).to.deep.equal([]);
      expect(tally.driversOnline, 'every taxi went offline at the end').to.equal(0);
      expect(await operatorView()).to.deep.equal({ openRides: [], driversOnRide: [] });
      expect(result.check.lines).to.include('rides DISPATCHED or DRIVING: 0 (of this run: 0)');
      expect(result.check.lines.find((line) => line.startsWith('read models:'))).to.match(/^read models: equal to a rebuild \(9 read models/);
      expect(result.check.ok).to.equal(true);
      expect(result.requestToOfferMs.count).to.be.at.least(3);
      expect(lines.at(-1)).to.match(/finished \d+ .* errors 0$/);
    });
  });
  describe('when stopped by SIGTERM from outside (npm run demo, as a person runs it)', () => {
    it('ends every ride it started before it exits', async () => {
      const args = [
        '--import',
        'tsx',
        'scripts/demo.ts',
        app.url,
        '--drivers',
        '4',
        '--calls-per-second',
        '3',
        '--tick',
        '0.2',
        '--speed',
        '2000',
        '--seconds',
        '120',
      ];
      const demo = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      demo.stdout.on('data', (chunk: Buffer) => (output += String(chunk)));
      demo.stderr.on('data', (chunk: Buffer) => (output += String(chunk)));
      const exit = new Promise<number | null>((resolve) => demo.once('exit', resolve));
      await eventually(() => /started [1-9]/.test(output), 60_000, 'a ride started', 200);
      demo.kill('SIGTERM');
      expect(await exit, output).to.equal(0);
      expect(output).to.include('SIGTERM: stopping');
      expect(output).to.match(/rides DISPATCHED or DRIVING: 0 \(of this run: 0\)/);
      expect(await operatorView()).to.deep.equal({ openRides: [], driversOnRide: [] });
    });
  });
});
