import { execFile } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.js';
import {
  eraseDriverResponseSchema,
  erasePassengerResponseSchema,
  passengerExportResponseSchema,
} from '../../src/infrastructure/http/routes/personal-data.schemas.js';
import { receiptResponseSchema } from '../../src/infrastructure/http/routes/settlement.schemas.js';
import { type ApiClient, apiClient, onlineDriver } from '../support/http-client.js';
import { allEvents } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** Addresses no other test uses, so finding them anywhere means they leaked. */
const alice = {
  id: 'p-alice',
  pickup: { lat: 37.5701, lng: 126.9831, address: 'Alice Home, 12 Jongno-gil' },
  destination: { lat: 37.5133, lng: 127.1001, address: 'Alice Office, Jamsil Tower' },
};
const bob = {
  id: 'p-bob',
  pickup: { lat: 37.5559, lng: 126.9236, address: 'Bob Flat, Hongdae 3-gil' },
  destination: { lat: 37.5796, lng: 126.977, address: 'Bob Gym, Gwanghwamun' },
};
const run = promisify(execFile);
const ERASED_PLACE = { lat: null, lng: null, address: '[erased]' };

const ride = async (api: ApiClient, driverId: string, passenger: typeof alice) => {
  const requested = await api.post('/api/calls', { passengerId: passenger.id, pickup: passenger.pickup, destination: passenger.destination });
  const callId = requested.body.callId as string;
  await api.post(`/api/calls/${callId}/accept`, { driverId });
  // The ride starts at the pickup.
  await api.request('PUT', `/api/drivers/${driverId}/location`, { lat: passenger.pickup.lat, lng: passenger.pickup.lng });
  await api.post(`/api/calls/${callId}/start`, { driverId });
  const finished = await api.post(`/api/calls/${callId}/finish`, { driverId });
  expect(finished.status).to.equal(200);
  return { callId, fare: finished.body.fare };
};

/** What every view answers about a passenger and their call, as an operator sees it. */
const views = async (api: ApiClient, passengerId: string, callId: string) => ({
  call: (await api.get(`/api/calls/${callId}`)).body,
  // Both lists are keyset pages ({items, nextCursor}).
  calls: (await api.get(`/api/passengers/${passengerId}/calls`)).body.items,
  notifications: (await api.get(`/api/passengers/${passengerId}/notifications`)).body.items,
});

/** The embedded log's files as bytes: whatever is in there in clear, a raw read would find. */
const rawLog = (dataDir: string) =>
  ['events.db', 'events.db-wal']
    .map((file) => join(dataDir, file))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('');

describe('Personal data: erasure and export', () => {
  let app: TestApp;
  let api: ApiClient;
  let operator: ApiClient;
  before(async () => {
    app = await startTestApp({ AUTO_DISPATCH: 'off' });
    api = apiClient(app.url);
    operator = api.as({ role: 'operator', subject: 'ops-1' });
  });
  after(async () => app.stop());

  it('erases one passenger everywhere and leaves the other intact, through a rebuild and in the log', async () => {
    const driverId = await onlineDriver(api, 'Erasure');
    const aliceRide = await ride(api, driverId, alice);
    const bobRide = await ride(api, driverId, bob);
    expect(rawLog(app.dataDir)).not.to.contain('Alice Home');
    expect((await api.as({ role: 'passenger', subject: alice.id }).post(`/api/calls/${aliceRide.callId}/rating`, { stars: 5 })).status).to.equal(201);
    const bobRated = await api.as({ role: 'passenger', subject: bob.id }).post(`/api/calls/${bobRide.callId}/rating`, { stars: 4 });
    expect(bobRated.status).to.equal(201);
    const eventStore = app.container.get<EventStore>(EVENT_STORE);

    // The days around the ride, whatever the service time zone: the report must not move by one call.
    const requestedAt = Date.parse((await operator.get(`/api/calls/${aliceRide.callId}`)).body.requestedAt);
    const dayAt = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const reportPath = `/api/reports/daily?from=${dayAt(requestedAt - 86_400_000)}&to=${dayAt(requestedAt + 86_400_000)}`;
    const dailyReport = async () => {
      const report = await operator.get(`${reportPath}&minPosition=${await eventStore.headPosition()}`);
      expect(report.status).to.equal(200);
      return report.body;
    };
    const reportBefore = await dailyReport();
    expect(reportBefore.days.reduce((sum: number, day: { finished: number }) => sum + day.finished, 0)).to.be.at.least(2);
    const historyBefore = await operator.get(`/api/calls/${aliceRide.callId}/history`);
    expect(historyBefore.status).to.equal(200);
    expect(JSON.stringify(historyBefore.body)).to.contain(`"${alice.id}"`);

    const erased = await api.as({ role: 'passenger', subject: alice.id }).request('DELETE', `/api/passengers/${alice.id}`);
    expect(erased.status).to.equal(200);
    expect(erasePassengerResponseSchema.parse(erased.body)).to.include({ passengerId: alice.id, status: 'ERASED' });

    const expectErasedAndIntact = async (when: string) => {
      const aliceViews = await views(operator, alice.id, aliceRide.callId);
      expect(aliceViews.call, when).to.deep.include({
        passengerId: '[erased]',
        pickup: ERASED_PLACE,
        destination: ERASED_PLACE,
        status: 'FINISHED',
        fare: aliceRide.fare,
      });
      expect(aliceViews.calls, when).to.deep.equal([]);
      expect(aliceViews.notifications, when).to.deep.equal([]);
      const bobViews = await views(operator, bob.id, bobRide.callId);
      expect(bobViews.call, when).to.deep.include({ passengerId: bob.id, pickup: bob.pickup, destination: bob.destination, fare: bobRide.fare });
      expect(
        bobViews.calls.map((c: { callId: string }) => c.callId),
        when,
      ).to.deep.equal([bobRide.callId]);
      expect(bobViews.notifications.map((n: { message: string }) => n.message).join(' '), when).to.contain('Bob Gym');

      // Counts, revenue and times to accept: the daily report answers exactly as before.
      expect(await dailyReport(), when).to.deep.equal(reportBefore);
      // The audit trail keeps every event, without Alice's id or places.
      const history = await operator.get(`/api/calls/${aliceRide.callId}/history`);
      expect(history.status, when).to.equal(200);
      expect(
        history.body.map((entry: { type: string }) => entry.type),
        when,
      ).to.deep.equal(historyBefore.body.map((entry: { type: string }) => entry.type));
      expect(JSON.stringify(history.body), when).not.to.match(new RegExp(`"${alice.id}"|Alice Home|Alice Office`));
      expect(
        history.body.find((entry: { type: string }) => entry.type === 'CallRequested'),
        when,
      ).to.deep.include({ actor: { role: 'passenger', id: '[erased]' } });
      // The operators' payments list keeps Alice's payment and its amount, not who paid.
      const payments = await operator.get(`/api/payments?limit=100&minPosition=${await eventStore.headPosition()}`);
      expect(JSON.stringify(payments.body), when).not.to.contain(alice.id);
      expect(
        payments.body.items.find((p: { callId: string }) => p.callId === aliceRide.callId),
        when,
      ).to.deep.include({ passengerId: '[erased]', amount: aliceRide.fare });
      expect(
        payments.body.items.find((p: { callId: string }) => p.callId === bobRide.callId),
        when,
      ).to.deep.include({ passengerId: bob.id });
      // Her receipt: the fare, its payment and the stars stay; who and where go.
      const receipt = await operator.get(`/api/calls/${aliceRide.callId}/receipt`);
      expect(receiptResponseSchema.parse(receipt.body), when).to.deep.include({
        passengerId: '[erased]',
        pickup: ERASED_PLACE,
        destination: ERASED_PLACE,
        fare: aliceRide.fare,
        driverId,
      });
      expect(receipt.body.rating?.stars, when).to.equal(5);
      expect(JSON.stringify(receipt.body), when).not.to.match(new RegExp(`${alice.id}|Alice Home|Alice Office`));
    };
    await expectErasedAndIntact('live');

    // The CLI, as an operator runs it: another process, opening the keys and the log itself.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['EVENTSTORE_URL', 'MONGO_URL', 'MONGO_DB'].includes(name)));
    const rebuilt = await run(process.execPath, ['--import', 'tsx', 'src/infrastructure/cli/cli.ts', 'projections', 'rebuild', '--all'], {
      env: { ...env, DATA_DIR: app.dataDir },
    });
    expect(rebuilt.stdout).to.match(
      /dashboard, call-list, drivers, notifications, daily-report, driver-rides, driver-notifications, payments, receipts: \d+ events/,
    );
    await expectErasedAndIntact('after a full rebuild');

    const log = await allEvents(eventStore);
    const requests = log.filter((event) => event.type === 'CallRequested');
    expect(requests.find((e) => (e.data as { callId: string }).callId === aliceRide.callId)!.data).to.deep.include({
      pickup: ERASED_PLACE,
      destination: ERASED_PLACE,
    });
    expect(requests.find((e) => (e.data as { callId: string }).callId === bobRide.callId)!.data).to.deep.include({ pickup: bob.pickup });
    const raw = rawLog(app.dataDir);
    for (const secret of ['Alice Home', 'Alice Office', 'Bob Flat', 'Bob Gym']) expect(raw, secret).not.to.contain(secret);

    const exported = await api.as({ role: 'passenger', subject: bob.id }).get(`/api/passengers/${bob.id}/export`);
    expect(exported.status).to.equal(200);
    expect(passengerExportResponseSchema.parse(exported.body).passengerId).to.equal(bob.id);
    expect(exported.body.calls.map((c: { callId: string }) => c.callId)).to.deep.equal([bobRide.callId]);
    expect(exported.body.calls[0]).to.deep.include({ pickup: bob.pickup, destination: bob.destination, fare: bobRide.fare });
    expect(exported.body.payments.map((p: { callId: string }) => p.callId)).to.deep.equal([bobRide.callId]);
    expect(exported.body.notifications.length).to.be.greaterThan(0);
    expect(exported.body.receipts.map((r: { callId: string; pickup: unknown }) => [r.callId, r.pickup])).to.deep.equal([
      [bobRide.callId, bob.pickup],
    ]);
    expect(exported.body.receipts[0]).to.deep.include({ fare: bobRide.fare });
    expect(exported.body.ratings).to.deep.equal([{ callId: bobRide.callId, stars: 4, ratedAt: bobRated.body.ratedAt }]);
    const aliceExport = (await operator.get(`/api/passengers/${alice.id}/export`)).body;
    expect([aliceExport.receipts, aliceExport.ratings]).to.deep.equal([[], []]);
    expect((await operator.get(`/api/passengers/${alice.id}/export`)).body.calls).to.deep.equal([]);

    const again = await api.post('/api/calls', { passengerId: alice.id, pickup: alice.pickup, destination: alice.destination });
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('PERSON_ERASED');
  });

  it('answers a repeated erasure the same way, and refuses a passenger with an open call', async () => {
    const passenger = api.as({ role: 'passenger', subject: 'p-again' });
    expect((await passenger.request('DELETE', '/api/passengers/p-again')).status).to.equal(200);
    expect((await passenger.request('DELETE', '/api/passengers/p-again')).body).to.include({ status: 'ERASED' });

    await api.post('/api/calls', { passengerId: 'p-open', pickup: bob.pickup, destination: bob.destination });
    const refused = await operator.request('DELETE', '/api/passengers/p-open');
    expect(refused.status).to.equal(409);
    expect(refused.body.error.code).to.equal('PASSENGER_HAS_OPEN_CALL');
  });

  it('lets only the passenger themself or an operator erase or export', async () => {
    const other = api.as({ role: 'passenger', subject: 'p-other' });
    expect((await other.request('DELETE', `/api/passengers/${bob.id}`)).status).to.equal(403);
    expect((await other.get(`/api/passengers/${bob.id}/export`)).status).to.equal(403);
    expect((await api.as({ role: 'driver', subject: 'd-x' }).request('DELETE', `/api/drivers/d-x`)).status).to.equal(403);
  });

  it('removes a driver an operator erases: gone from the drivers view, name and vehicle erased on their rides', async () => {
    const driverId = await onlineDriver(api, 'Removable');
    const { callId } = await ride(api, driverId, bob);
    const removed = await operator.request('DELETE', `/api/drivers/${driverId}`);
    expect(removed.status).to.equal(200);
    expect(eraseDriverResponseSchema.parse(removed.body)).to.include({ driverId, status: 'ERASED' });
    const call = (await operator.get(`/api/calls/${callId}`)).body;
    expect(call).to.deep.include({
      driverId: '[erased]',
      vehicleNo: '[erased]',
      driver: { driverId: '[erased]', name: '[erased]', vehicleNo: '[erased]' },
    });
    expect(call.fare).to.deep.equal({ amount: 1000, currency: 'KRW' });
    expect((await operator.get(`/api/drivers/${driverId}/calls`)).status).to.equal(404);
    const messages = (await operator.get(`/api/passengers/${bob.id}/notifications`)).body.items.map((n: { message: string }) => n.message).join(' ');
    expect(messages).not.to.contain('Removable');
    // Nor does the receipt, the call history or the driver's ride list name them; the fare stays.
    const receipt = (await operator.get(`/api/calls/${callId}/receipt`)).body;
    expect(receipt).to.deep.include({ driverId: '[erased]', passengerId: bob.id, fare: { amount: 1000, currency: 'KRW' } });
    const history = JSON.stringify((await operator.get(`/api/calls/${callId}/history`)).body);
    expect(history).not.to.match(new RegExp(`"${driverId}"|Removable`));
    expect(history).to.contain(`"${bob.id}"`);
    const rides = await operator.get(`/api/drivers/${driverId}/rides`);
    expect([rides.status, rides.body.items, rides.body.todayEarnings?.rides]).to.deep.equal([200, [], 0]);
    expect((await operator.request('DELETE', '/api/drivers/nobody')).status).to.equal(404);
    const online = await api.post(`/api/drivers/${driverId}/online`, { location: { lat: 37.5, lng: 127 } });
    expect(online.body.error?.code).to.equal('PERSON_ERASED');
  });
});
