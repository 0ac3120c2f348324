import { expect } from 'chai';
import { runDemo } from '../../scripts/demo/city.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

describe('npm run demo (the living city)', function () {
  this.timeout(120_000);
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app?.stop());

  describe('when run briefly against a fresh system', () => {
    it('finishes and pays rides, and reports no errors', async () => {
      const lines: string[] = [];
      const tally = await runDemo({
        url: app.url,
        drivers: 4,
        // The bound, not the expectation: the run ends as soon as three rides are finished.
        seconds: 90,
        requestEveryMs: 300,
        tickMs: 200,
        metersPerTick: 2_000,
        reportEveryMs: 250,
        log: (line) => lines.push(line),
        stopWhen: (so) => so.finished >= 3,
      });
      expect(tally.errorSamples).to.deep.equal([]);
      expect(tally.errors).to.equal(0);
      expect(tally.finished).to.be.at.least(3);
      expect(tally.paid + tally.paymentPending).to.equal(tally.finished);
      expect(tally.driversOnline, 'every taxi went offline at the end').to.equal(0);
      expect(lines.at(-1)).to.match(/finished \d+ .* errors 0$/);
    });
  });
});
