import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs the operations CLI as an operator would, with only the given settings. */
const cli = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const { PATH, HOME } = process.env;
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/infrastructure/cli/cli.ts', ...args],
      { cwd: ROOT, env: { PATH, HOME, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

describe('The operations CLI', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxi-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tells its version', async () => {
    const { code, stdout } = await cli(['--version'], {});
    expect(code).to.equal(0);
    expect(stdout.trim()).to.match(/^\d+\.\d+\.\d+$/);
  });

  it('prints the status as JSON with --json', async () => {
    const { code, stdout } = await cli(['projections', 'status', '--json'], { DATA_DIR: dir });
    expect(code).to.equal(0);
    const status = JSON.parse(stdout) as Array<{ projection: string; lag: number }>;
    expect(status.map((row) => row.projection)).to.include('dashboard');
  });

  it('refuses a DATA_DIR that does not exist instead of creating empty stores', async () => {
    const missing = join(dir, 'not-there');
    const { code, stderr } = await cli(['projections', 'status'], { DATA_DIR: missing });
    expect(code).to.equal(2);
    expect(stderr.trim().split('\n')).to.have.length(1);
    expect(stderr).to.include('does not exist');
    expect(existsSync(missing)).to.equal(false);
  });

  it('says what is wrong with a bad setting in one line, without a stack trace', async () => {
    const { code, stderr } = await cli(['projections', 'status'], { DATA_DIR: dir, LOG_LEVEL: 'loud' });
    expect(code).to.equal(2);
    expect(stderr.trim().split('\n')).to.have.length(1);
    expect(stderr).to.include('LOG_LEVEL');
    expect(stderr).to.not.match(/\n\s+at /);
  });

  it('says in one line that a store cannot be reached', async () => {
    const { code, stderr } = await cli(['projections', 'status'], {
      DATA_DIR: dir,
      MONGO_URL: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=500',
    });
    expect(code).to.equal(2);
    expect(stderr.trim().split('\n')).to.have.length(1);
    expect(stderr).to.include('cannot open the stores');
  });

  it('prints the usage for rebuild without a name', async () => {
    const { code, stderr } = await cli(['projections', 'rebuild'], { DATA_DIR: dir });
    expect(code).to.equal(2);
    expect(stderr).to.include('Usage: taxi projections rebuild');
    expect(stderr).to.include('--all');
  });
});
