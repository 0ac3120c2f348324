import { execFile } from 'node:child_process';
import { expect } from 'chai';
import { checkpointNames } from '../../src/application/ports/checkpoint-store.js';
import { READ_STORE, type ReadStore } from '../../src/application/ports/read-store.js';
import { readModelNamed } from '../../src/projections/read-models.js';
import { eventually } from '../support/eventually.js';
import { apiClient, requestRide } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const ROOT = new URL('../..', import.meta.url).pathname;

type Verified = { equal: boolean; models: Array<{ model: string; equal: boolean; firstDifference?: string }> };

/** `taxi projections verify --json` against the running app's stores, as the demo's --check runs it. */
const verify = (dataDir: string) =>
  new Promise<{ code: number; result: Verified }>((resolve, reject) => {
    const { PATH, HOME } = process.env;
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/infrastructure/cli/cli.ts', 'projections', 'verify', '--json'],
      { cwd: ROOT, env: { PATH, HOME, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        try {
          resolve({ code: error ? Number(error.code ?? 1) : 0, result: JSON.parse(stdout) as Verified });
        } catch {
          reject(new Error(`verify printed no JSON: ${stderr}`));
        }
      },
    );
  });

describe('taxi projections verify (read models against a rebuild)', function () {
  this.timeout(120_000);
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app?.stop());

  it('finds the live read models equal to a rebuild, then names the field of a document changed behind the back of the log', async () => {
    const callId = await requestRide(apiClient(app.url), 'p-verify');
    const readStore = app.container.get<ReadStore>(READ_STORE);
    const dashboard = readModelNamed('dashboard')!;
    await eventually(async () => (await readStore.get(dashboard.collection, callId)) !== null, 5_000, 'the call on the dashboard');

    const before = await verify(app.dataDir);
    expect(before.code).to.equal(0);
    expect(before.result.equal).to.equal(true);
    expect(before.result.models.map((model) => model.model)).to.include.members(['dashboard', 'drivers', 'payments']);

    const entry = (await readStore.get(dashboard.collection, callId))!;
    const checkpoint = await readStore.getCheckpoint(checkpointNames.readModel('dashboard'));
    await readStore.commit(
      checkpointNames.readModel('dashboard'),
      [{ kind: 'upsert', collection: dashboard.collection, document: { ...entry, status: 'FINISHED' }, position: Number(entry.position) + 1 }],
      checkpoint,
    );
    const after = await verify(app.dataDir);
    expect(after.code).to.equal(1);
    const differing = after.result.models.filter((model) => !model.equal);
    expect(differing.map((model) => model.model)).to.deep.equal(['dashboard']);
    expect(JSON.parse(differing[0]!.firstDifference!)).to.deep.include({ id: callId });
    expect(JSON.parse(differing[0]!.firstDifference!).fields.status).to.deep.equal({ live: 'FINISHED', rebuilt: 'REQUESTED' });
  });
});
