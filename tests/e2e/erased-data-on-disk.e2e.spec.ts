import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { type ApiClient, apiClient, onlineDriver } from '../support/http-client.js';
import { MongoClient } from 'mongodb';
import { dropDatabase, freshDbName, mongoUrl } from '../support/mongo-test-db.js';
import { MONGO_HOW_TO_RUN, skipWithoutServer } from '../support/needs-server.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const run = promisify(execFile);
/** Places and a name no other test uses: finding any of them in a file means they were kept. */
const dana = {
  id: 'p-dana-disk',
  pickup: { lat: 37.56731, lng: 126.98317, address: 'Dana Residence, 41 Ujeongguk-ro' },
  destination: { lat: 37.51447, lng: 127.10283, address: 'Dana Clinic, Olympic-ro 88' },
};
/** An operator's cancel reason quoting her: free text is hers too. */
const REASON = 'Dana Park called from 010-7777-3141: she found another ride';
const SECRETS = ['Dana Residence', 'Dana Clinic', 'Ujeongguk', '37.56731', '126.98317', '127.10283', 'Dana Park', '010-7777-3141'];

/** Every file under `dir`, recursively, as bytes. */
const filesUnder = (dir: string): Array<{ file: string; bytes: Buffer }> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ file: path, bytes: readFileSync(path) }];
  });

/** Which files hold any of the secrets (as UTF-8 text) or the key's bytes. */
const leaksIn = (dir: string, key: Buffer) =>
  filesUnder(dir).flatMap(({ file, bytes }) => [
    ...SECRETS.filter((secret) => bytes.includes(Buffer.from(secret, 'utf8'))).map((secret) => `${file}: ${secret}`),
    ...(bytes.includes(key) ? [`${file}: the destroyed key`] : []),
  ]);

const cli = (dataDir: string, ...args: string[]) => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['EVENTSTORE_URL', 'MONGO_URL', 'MONGO_DB'].includes(name)));
  return run(process.execPath, ['--import', 'tsx', 'src/infrastructure/cli/cli.ts', ...args], { env: { ...env, DATA_DIR: dataDir } });
};

describe('Erased data on disk', () => {
  let app: TestApp;
  let api: ApiClient;
  let backupRoot: string;
  before(async () => {
    app = await startTestApp({ AUTO_DISPATCH: 'off' });
    api = apiClient(app.url);
    backupRoot = mkdtempSync(join(tmpdir(), 'taxi-erased-backup-'));
  });
  after(async () => {
    await app?.stop();
    rmSync(backupRoot, { recursive: true, force: true });
  });

  it('leaves no byte of the passenger’s places nor of their key in DATA_DIR or a later backup, also after a rebuild', async function () {
    this.timeout(60_000);
    const driverId = await onlineDriver(api, 'OnDisk');
    const { callId } = (await api.post('/api/calls', { passengerId: dana.id, pickup: dana.pickup, destination: dana.destination })).body;
    await api.post(`/api/calls/${callId}/accept`, { driverId });
    // A ride starts at the pickup: the taxi pings there first.
    await api.request('PUT', `/api/drivers/${driverId}/location`, { lat: dana.pickup.lat, lng: dana.pickup.lng });
    await api.post(`/api/calls/${callId}/start`, { driverId });
    expect((await api.post(`/api/calls/${callId}/finish`, { driverId })).status).to.equal(200);
    const operator = api.as({ role: 'operator', subject: 'ops-disk' });
    expect((await operator.get(`/api/calls/${callId}`)).body.pickup).to.deep.equal(dana.pickup);
    const again = (await api.post('/api/calls', { passengerId: dana.id, pickup: dana.pickup, destination: dana.destination })).body.callId;
    expect((await operator.post(`/api/calls/${again}/cancel`, { reason: REASON })).status).to.equal(200);
    expect((await operator.get(`/api/calls/${again}/history`)).body.map((entry: { data: { reason?: string } }) => entry.data.reason)).to.include(
      REASON,
    );

    const keys = new Database(join(app.dataDir, 'personal-data-keys.db'), { readonly: true });
    const key = (keys.prepare('SELECT key FROM personal_data_keys WHERE subject = ?').get(`passenger:${dana.id}`) as { key: Buffer }).key;
    keys.close();
    expect(key).to.have.length(32);
    expect(leaksIn(app.dataDir, key), 'before the erasure, the key is on disk').to.include(
      `${join(app.dataDir, 'personal-data-keys.db-wal')}: the destroyed key`,
    );

    expect((await operator.request('DELETE', `/api/passengers/${dana.id}`)).status).to.equal(200);
    // At once, before any read model applied the erasure: nothing readable is left.
    expect(leaksIn(app.dataDir, key), 'right after the erasure').to.deep.equal([]);
    expect((await operator.get(`/api/calls/${callId}`)).body.pickup).to.deep.equal({ lat: null, lng: null, address: '[erased]' });

    const backup = join(backupRoot, 'after-erasure');
    await cli(app.dataDir, 'backup', backup);
    expect(leaksIn(backup, key), 'in a backup').to.deep.equal([]);
    await cli(app.dataDir, 'projections', 'rebuild', '--all');
    expect(leaksIn(app.dataDir, key), 'after a rebuild').to.deep.equal([]);
  });
});

/** Every document of every collection of the database, as one text. */
const everyDocument = async (url: string, dbName: string) => {
  const client = await new MongoClient(url).connect();
  try {
    const db = client.db(dbName);
    const collections = await db.listCollections().toArray();
    const documents = await Promise.all(collections.map(async ({ name }) => db.collection(name).find({}).toArray()));
    return {
      text: JSON.stringify(documents),
      keyDocument: await db.collection('personal_data_keys').findOne({ _id: `passenger:${dana.id}` as never }),
    };
  } finally {
    await client.close();
  }
};

describe('Erased data in MongoDB', function () {
  this.timeout(60_000);
  skipWithoutServer('MONGO_URL', MONGO_HOW_TO_RUN);
  const url = mongoUrl ?? 'mongodb://MONGO_URL-not-set';

  it('keeps no document with the passenger’s places, reason or key once the erasure answered', async () => {
    const dbName = freshDbName('erased_e2e');
    const app = await startTestApp({ AUTO_DISPATCH: 'off', MONGO_URL: url, MONGO_DB: dbName });
    try {
      const api = apiClient(app.url);
      const operator = api.as({ role: 'operator', subject: 'ops-disk' });
      const { callId } = (await api.post('/api/calls', { passengerId: dana.id, pickup: dana.pickup, destination: dana.destination })).body;
      expect((await operator.post(`/api/calls/${callId}/cancel`, { reason: REASON })).status).to.equal(200);
      expect((await operator.get(`/api/calls/${callId}`)).body.pickup).to.deep.equal(dana.pickup);
      expect((await everyDocument(url, dbName)).keyDocument?.key).to.be.an('object');

      expect((await operator.request('DELETE', `/api/passengers/${dana.id}`)).status).to.equal(200);
      const { text, keyDocument } = await everyDocument(url, dbName);
      for (const secret of SECRETS) expect(text, secret).not.to.contain(secret);
      expect(keyDocument?.key).to.equal(null);
    } finally {
      await app.stop();
      await dropDatabase(url, dbName);
    }
  });
});
