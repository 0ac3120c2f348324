import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { type ApiClient, apiClient, requestRide } from '../support/http-client.js';
import { eventually } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver.js';
import { dropDatabase, freshDbName, mongoUrl } from '../support/mongo-test-db.js';
import { MONGO_HOW_TO_RUN, skipWithoutServer } from '../support/needs-server.js';

const run = promisify(execFile);

describe('Dead letters: listed, counted and replayed by operators and by the CLI', () => {
  let receiver: WebhookReceiver;
  let app: TestApp;
  let api: ApiClient;
  let operator: ApiClient;
  before(async () => {
    receiver = await startWebhookReceiver();
    // The worker's own redelivery far off: only the replays under test deliver a parked letter.
    app = await startTestApp({ NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_MAX_ATTEMPTS: '1', NOTIFY_DEAD_LETTER_RETRY_MS: '600000' });
    api = apiClient(app.url);
    operator = api.as({ role: 'operator', subject: 'ops-dl' });
  });
  after(async () => {
    await app.stop();
    await receiver.down();
  });

  const parked = async () =>
    (await operator.get('/api/dead-letters?limit=100')).body.items as Array<{
      id: string;
      notification: { callId: string; kind: string };
      reason: string;
      failures: number;
      firstFailedAt: string;
      lastFailedAt: string;
    }>;

  it('lists what the channel did not take, counts it in a metric, and replays one on request', async function () {
    this.timeout(30_000);
    await receiver.down();
    const callId = await requestRide(api, 'p-dead-1');
    await eventually(async () => (await parked()).some((l) => l.notification.callId === callId), 10_000, 'the notification parked');
    const [letter] = (await parked()).filter((l) => l.notification.callId === callId);
    expect(letter!.notification.kind).to.equal('CALL_REQUESTED');
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(Number(/^taxi_notification_dead_letters\{[^}]*\} (\d+)$/m.exec(metrics)?.[1])).to.equal((await parked()).length);

    expect(letter!.failures).to.equal(1);
    const stillDown = await operator.post(`/api/dead-letters/${letter!.id}/replay`);
    expect([stillDown.status, stillDown.body.error.code]).to.deep.equal([503, 'NOTIFICATION_CHANNEL_UNAVAILABLE']);
    // A failed replay is one more failure of the same letter: its history is kept, not restarted.
    const [again] = (await parked()).filter((l) => l.id === letter!.id);
    expect([again!.failures, again!.firstFailedAt]).to.deep.equal([2, letter!.firstFailedAt]);
    expect(Date.parse(again!.lastFailedAt)).to.be.greaterThan(Date.parse(letter!.lastFailedAt));
    await receiver.up();
    const replayed = await operator.post(`/api/dead-letters/${letter!.id}/replay`);
    expect([replayed.status, replayed.body]).to.deep.equal([200, { id: letter!.id, status: 'DELIVERED' }]);
    expect(receiver.received.filter((n) => n.notificationId === letter!.id)).to.have.length(1);
    expect((await parked()).map((l) => l.id)).not.to.include(letter!.id);
    expect((await operator.post(`/api/dead-letters/${letter!.id}/replay`)).body.error.code).to.equal('DEAD_LETTER_NOT_FOUND');
  });

  it('is for operators only', async () => {
    expect((await api.as({ role: 'passenger', subject: 'p' }).get('/api/dead-letters')).status).to.equal(403);
    expect((await api.as({ role: 'driver', subject: 'd' }).post('/api/dead-letters/x/replay')).status).to.equal(403);
  });

  it('lists and replays from the CLI, on the same store', async function () {
    this.timeout(60_000);
    await receiver.down();
    const callId = await requestRide(api, 'p-dead-2');
    await eventually(async () => (await parked()).some((l) => l.notification.callId === callId), 10_000, 'the notification parked');
    const [letter] = (await parked()).filter((l) => l.notification.callId === callId);
    await receiver.up();
    // The CLI must open the store this app uses: its DATA_DIR, not a MONGO_URL the test run may carry.
    const { MONGO_URL: _notThisApp, ...inherited } = process.env;
    const env = { ...inherited, DATA_DIR: app.dataDir, NOTIFY_WEBHOOK_URL: receiver.url, LOG_LEVEL: 'warn' };
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/infrastructure/cli/cli.ts', 'dead-letters', ...args], { env });
    expect((await cli('list')).stdout).to.contain(letter!.id);
    expect((await cli('replay', letter!.id)).stdout).to.contain(`${letter!.id}: delivered`);
    expect((await parked()).map((l) => l.id)).not.to.include(letter!.id);
  });
});

describe('Dead letters in MongoDB outlive the process that parked them', function () {
  this.timeout(60_000);
  skipWithoutServer('MONGO_URL', MONGO_HOW_TO_RUN);
  const url = mongoUrl ?? 'mongodb://MONGO_URL-not-set';
  it('lists, after a restart on another data directory, what the first process parked', async () => {
    const receiver = await startWebhookReceiver();
    await receiver.down();
    const dbName = freshDbName('dl_e2e');
    const env = {
      MONGO_URL: url,
      MONGO_DB: dbName,
      NOTIFY_WEBHOOK_URL: receiver.url,
      NOTIFY_MAX_ATTEMPTS: '1',
      NOTIFY_DEAD_LETTER_RETRY_MS: '600000',
    };
    const first = await startTestApp(env);
    let second: TestApp | undefined;
    try {
      const api = apiClient(first.url);
      const callId = await requestRide(api, 'p-dead-mongo');
      const listed = async (app: TestApp) =>
        (
          (await apiClient(app.url).as({ role: 'operator', subject: 'ops' }).get('/api/dead-letters')).body.items as Array<{
            notification: { callId: string };
          }>
        ).some((l) => l.notification.callId === callId);
      await eventually(() => listed(first), 10_000, 'the notification parked');
      await first.stop();
      second = await startTestApp(env);
      expect(await listed(second)).to.equal(true);
    } finally {
      await second?.stop();
      await receiver.down();
      await dropDatabase(url, dbName);
    }
  });
});
