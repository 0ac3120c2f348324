import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { pino } from 'pino';
import { loadConfig } from '../../src/infrastructure/config/config.js';
import { openPersonalDataKeys, openProtectedEventStore, openReadStore } from '../../src/infrastructure/composition/open-stores.js';
import { READ_MODELS } from '../../src/projections/read-models.js';
import { projectionStatus } from '../../src/projections/rebuild.js';
import { apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { eventually, rideToTheEnd } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const run = promisify(execFile);
/** The CLI as an operator runs it: its own process, configured by the environment. */
const EXTERNAL_STORES = ['EVENTSTORE_URL', 'MONGO_URL', 'MONGO_DB'];
const cli = (dataDir: string, ...args: string[]) => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !EXTERNAL_STORES.includes(name)));
  return run(process.execPath, ['--import', 'tsx', 'src/infrastructure/cli/cli.ts', ...args], { env: { ...env, DATA_DIR: dataDir } });
};

/** What `projections status` reports, on stores opened as the CLI opens them. */
const statusOf = async (dataDir: string) => {
  const config = loadConfig({ DATA_DIR: dataDir });
  const keys = openPersonalDataKeys(config);
  const eventStore = openProtectedEventStore(config, pino({ level: 'silent' }), keys);
  const readStore = await openReadStore(config, keys, 'tool');
  try {
    return await projectionStatus(READ_MODELS, { eventStore, readStore });
  } finally {
    await readStore.close();
    await eventStore.close();
    await keys.close();
  }
};

describe('Backup and restore of the embedded stores', function () {
  this.timeout(60_000);
  let app: TestApp;
  let restored: TestApp | undefined;
  let backupDir: string;
  let freshDir: string;
  before(async () => {
    app = await startTestApp({ AUTO_DISPATCH: 'off' });
    backupDir = join(mkdtempSync(join(tmpdir(), 'taxi-backup-')), 'backup');
    freshDir = mkdtempSync(join(tmpdir(), 'taxi-restored-'));
  });
  after(async () => {
    await app.stop();
    await restored?.stop();
    rmSync(join(backupDir, '..'), { recursive: true, force: true });
  });

  it('takes a backup while rides are written; the restore passes projections status and shows every ride', async () => {
    const api = apiClient(app.url);
    const drivers = await Promise.all([0, 1, 2].map((i) => onlineDriver(api, `Backup${i}`)));
    const finished: string[] = [];
    let writing = true;
    const lanes = drivers.map(async (driverId, lane) => {
      for (let i = 0; writing; i++) finished.push((await rideToTheEnd(api, driverId, `p-backup-${lane}-${i}`)).callId);
    });
    await eventually(() => finished.length >= 6, 20_000, 'a few rides before the backup');
    const beforeBackup = [...finished];
    await cli(app.dataDir, 'backup', backupDir);
    const duringBackup = finished.length - beforeBackup.length;
    writing = false;
    await Promise.all(lanes);

    await cli(freshDir, 'restore', backupDir);
    const status = await statusOf(freshDir);
    expect(status.map((s) => s.projection)).to.have.members(READ_MODELS.map((m) => m.name));
    for (const model of status) expect(model.checkpoint, `${model.projection} is not ahead of the restored log`).to.be.at.most(model.head);

    restored = await startTestApp({ DATA_DIR: freshDir, AUTO_DISPATCH: 'off' }, { keepDataDir: false });
    const operator = apiClient(restored.url).as({ role: 'operator', subject: 'ops' });
    for (const callId of beforeBackup) {
      const call = await operator.get(`/api/calls/${callId}`);
      expect(call.status, callId).to.equal(200);
      expect(call.body).to.deep.include({ status: 'FINISHED', pickup: seoul.station, destination: seoul.gangnam });
    }
    const after = await statusOf(freshDir);
    expect(
      after.every((model) => model.lag === 0),
      JSON.stringify(after),
    ).to.equal(true);
    // Not an assertion on timing: it says whether the backup really overlapped the writes.
    console.log(`      (${beforeBackup.length} rides before the backup, ${duringBackup} finished while it ran)`);
  });

  it('refuses to restore over stores that are there, and to back up into a directory that is not empty', async () => {
    const overwrite = await cli(freshDir, 'restore', backupDir).then(
      () => null,
      (error: { stderr: string }) => error.stderr,
    );
    expect(overwrite).to.contain('--force');
    const intoFull = await cli(app.dataDir, 'backup', backupDir).then(
      () => null,
      (error: { stderr: string }) => error.stderr,
    );
    expect(intoFull).to.contain('not empty');
  });
});
