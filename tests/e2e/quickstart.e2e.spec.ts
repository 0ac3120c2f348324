import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);

describe("The README's quick start", function () {
  this.timeout(120_000);

  it('runs as written, pasted into bash, against a fresh server', async () => {
    // scripts/quickstart.sh extracts the block between the README's markers: they cannot drift.
    const { stdout } = await run('bash', ['scripts/quickstart.sh'], { cwd: new URL('../..', import.meta.url).pathname, timeout: 110_000 });
    expect(stdout).to.include('"status":"FINISHED"');
    expect(stdout).to.not.include('"error"');
    expect(stdout.trim().split('\n').at(-1)).to.equal('quickstart: OK');
  });
});
