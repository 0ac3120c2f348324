import { expect } from 'chai';
import { driverCallListResponse } from '../../src/infrastructure/http/routes/driver-calls.schemas.js';
import { READ_STORE, type ReadStore } from '../../src/application/ports/read-store.js';
import { offsetBy } from '../support/dispatch.js';
import { type ApiClient, apiClient, onlineDriver, requestRide, seoul } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

describe('Queries over the read models', () => {
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
  });
  after(async () => app.stop());

  describe('after a full ride', () => {
    it('shows status, driver, timestamps, fare and payment on the dashboard without sleeping', async () => {
      const driverId = await onlineDriver(api, 'Dash');
      const callId = await requestRide(api, 'p-dash');
      await api.post(`/api/calls/${callId}/accept`, { driverId });
      await api.post(`/api/calls/${callId}/start`, { driverId });
      const finished = await api.post(`/api/calls/${callId}/finish`, { driverId });
      const entry = await api.get(`/api/calls/${callId}?minPosition=${finished.body.position}`);
      expect(entry.status).to.equal(200);
      expect(entry.headers.get('x-read-model-stale')).to.equal(null);
      expect(entry.body).to.include({ callId, passengerId: 'p-dash', status: 'FINISHED', driverId, paymentId: finished.body.payment.paymentId });
      expect(entry.body.driver).to.deep.include({ driverId, name: 'Dash' });
      expect(entry.body.vehicleNo).to.be.a('string');
      for (const field of ['requestedAt', 'acceptedAt', 'startedAt', 'finishedAt']) expect(entry.body[field], field).to.be.a('string');
      expect(entry.body.fare).to.deep.equal({ amount: 1000, currency: 'KRW' });
      expect(entry.body.pickup).to.deep.equal(seoul.station);
      expect(entry.body.destination).to.deep.equal(seoul.gangnam);
      expect(['PENDING', 'APPROVED']).to.include(entry.body.paymentStatus);
    });

    it('reads its own writes by default, right after each command', async () => {
      const driverId = await onlineDriver(api, 'Ryw');
      const callId = await requestRide(api, 'p-ryw');
      expect((await api.get(`/api/calls/${callId}`)).body.status).to.equal('REQUESTED');
      await api.post(`/api/calls/${callId}/accept`, { driverId });
      expect((await api.get(`/api/calls/${callId}`)).body.status).to.equal('DISPATCHED');
      await api.post(`/api/calls/${callId}/start`, { driverId });
      expect((await api.get(`/api/calls/${callId}`)).body.status).to.equal('DRIVING');
      await api.post(`/api/calls/${callId}/cancel`, {});
      expect((await api.get(`/api/calls/${callId}`)).body.status).to.equal('DRIVING');
    });
  });

  /** A passenger has one open call at a time: a list of several needs the earlier ones closed. */
  const requestAndCancel = async (passengerId: string) => {
    const callId = await requestRide(api, passengerId);
    await api.post(`/api/calls/${callId}/cancel`, {});
    return callId;
  };

  it("lists a passenger's calls newest first, paged by an opaque cursor", async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await requestAndCancel('p-list'));
    const all = await api.get('/api/passengers/p-list/calls');
    expect(all.body.items.map((e: { callId: string }) => e.callId)).to.deep.equal([...ids].reverse());
    expect(all.body.nextCursor).to.equal(null);
    const first = await api.get('/api/passengers/p-list/calls?limit=1');
    expect(first.body.items.map((e: { callId: string }) => e.callId)).to.deep.equal([ids[2]]);
    const second = await api.get(`/api/passengers/p-list/calls?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: { callId: string }) => e.callId)).to.deep.equal([ids[1]]);
    expect((await api.get('/api/passengers/nobody/calls')).body).to.deep.equal({ items: [], nextCursor: null });
    const bad = await api.get('/api/passengers/p-list/calls?cursor=not-a-cursor');
    expect([bad.status, bad.body.error.code]).to.deep.equal([400, 'VALIDATION_ERROR']);
  });

  it('keeps a page stable when calls are requested between two pages (keyset, not offset)', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await requestAndCancel('p-keyset'));
    const first = await api.get('/api/passengers/p-keyset/calls?limit=2');
    await requestAndCancel('p-keyset');
    const second = await api.get(`/api/passengers/p-keyset/calls?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: { callId: string }) => e.callId)).to.deep.equal([ids[0]]);
    expect(second.body.nextCursor).to.equal(null);
  });

  it("keeps the passenger's notification history, newest first, one per status change", async () => {
    const driverId = await onlineDriver(api, 'Note');
    const callId = await requestRide(api, 'p-notes');
    await api.post(`/api/calls/${callId}/accept`, { driverId });
    await api.post(`/api/calls/${callId}/cancel`, { reason: 'plans changed' });
    const history = await api.get('/api/passengers/p-notes/notifications');
    expect(history.body.items.map((n: { kind: string }) => n.kind)).to.deep.equal(['CALL_CANCELLED', 'CALL_DISPATCHED', 'CALL_REQUESTED']);
    expect(history.body.items[1].message).to.contain('Note');
    const first = await api.get('/api/passengers/p-notes/notifications?limit=2');
    const rest = await api.get(`/api/passengers/p-notes/notifications?limit=2&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...rest.body.items].map((n: { kind: string }) => n.kind)).to.deep.equal([
      'CALL_CANCELLED',
      'CALL_DISPATCHED',
      'CALL_REQUESTED',
    ]);
    expect(rest.body.nextCursor).to.equal(null);
  });

  it('shows a driver the open calls of their ride types, nearest first, and drops accepted ones', async () => {
    const here = { lat: seoul.cityHall.lat, lng: seoul.cityHall.lng };
    const driverId = await onlineDriver(api, 'Near', here);
    const far = (await api.post('/api/calls', { passengerId: 'p-far', pickup: seoul.gangnam, destination: seoul.station })).body.callId;
    const near = (await api.post('/api/calls', { passengerId: 'p-near', pickup: seoul.cityHall, destination: seoul.gangnam })).body.callId;
    const list = await api.get(`/api/drivers/${driverId}/calls`);
    const ours = list.body.filter((c: { callId: string }) => c.callId === far || c.callId === near);
    expect(ours.map((c: { callId: string }) => c.callId)).to.deep.equal([near, far]);
    expect(ours[0].distanceMeters).to.be.below(ours[1].distanceMeters);
    // What a driver needs to decide, and not who the passenger is.
    expect(driverCallListResponse.safeParse(list.body).success, JSON.stringify(list.body[0])).to.equal(true);
    for (const entry of ours)
      expect(entry).to.have.all.keys('callId', 'position', 'pickup', 'destination', 'rideType', 'requestedAt', 'distanceMeters');
    expect(JSON.stringify(list.body)).not.to.contain('p-near');
    await api.post(`/api/calls/${near}/accept`, { driverId });
    const after = await api.get(`/api/drivers/${driverId}/calls`);
    expect(after.body.map((c: { callId: string }) => c.callId)).not.to.include(near);
  });

  describe("the call list, from the driver's last known position", () => {
    // Away from the Seoul calls the other tests leave open: Suwon, where the driver goes online, and
    // Incheon, where they drive to (about 35 km apart).
    const suwon = { lat: 37.2636, lng: 127.0286 };
    const incheon = { lat: 37.4563, lng: 126.7052 };
    type Entry = { callId: string; distanceMeters: number };

    const openCallAt = async (passengerId: string, pickup: { lat: number; lng: number }) =>
      (await api.post('/api/calls', { passengerId, pickup: { ...pickup, address: passengerId }, destination: seoul.station })).body.callId as string;
    const ping = async (driverId: string, location: { lat: number; lng: number }) => {
      const answer = await api.request('PUT', `/api/drivers/${driverId}/location`, location);
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    };
    /** The driver's list, narrowed to the given calls, in the order it lists them. */
    const listOf = async (driverId: string, ...callIds: string[]): Promise<Entry[]> => {
      const list = await api.get(`/api/drivers/${driverId}/calls?limit=100`);
      expect(list.status).to.equal(200);
      return list.body.filter((entry: Entry) => callIds.includes(entry.callId));
    };

    it('orders the calls from where the driver last pinged, not from where they went online', async () => {
      const driverId = await onlineDriver(api, 'Mover', suwon);
      const nearPing = await openCallAt('p-near-ping', offsetBy(incheon, 200, 0));
      const nearOnline = await openCallAt('p-near-online', offsetBy(suwon, 200, 0));
      expect(
        (await listOf(driverId, nearPing, nearOnline)).map((entry) => entry.callId),
        'before the ping',
      ).to.deep.equal([nearOnline, nearPing]);

      await ping(driverId, offsetBy(incheon, 150, 0));
      const [first, second] = await listOf(driverId, nearPing, nearOnline);
      expect([first!.callId, second!.callId]).to.deep.equal([nearPing, nearOnline]);
      expect(first!.distanceMeters).to.be.within(40, 60);
      expect(second!.distanceMeters).to.be.above(30_000);
    });

    it('orders them from a later going online rather than from an earlier ping', async () => {
      const driverId = await onlineDriver(api, 'Returner', suwon);
      const inIncheon = await openCallAt('p-incheon', offsetBy(incheon, 0, 300));
      const inSuwon = await openCallAt('p-suwon', offsetBy(suwon, 0, 300));
      await ping(driverId, incheon);
      expect(
        (await listOf(driverId, inIncheon, inSuwon)).map((entry) => entry.callId),
        'after the ping',
      ).to.deep.equal([inIncheon, inSuwon]);

      await api.post(`/api/drivers/${driverId}/offline`);
      const online = await api.post(`/api/drivers/${driverId}/online`, { location: offsetBy(suwon, 0, 250) });
      expect(online.status).to.equal(200);
      const [first, second] = await listOf(driverId, inIncheon, inSuwon);
      expect([first!.callId, second!.callId]).to.deep.equal([inSuwon, inIncheon]);
      expect(first!.distanceMeters).to.be.within(40, 60);
    });
  });

  it('answers 503 with Retry-After, not 500, while the read store is unavailable', async () => {
    const readStore = app.container.get<ReadStore>(READ_STORE);
    const original = readStore.get.bind(readStore);
    readStore.get = async () => {
      throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    };
    try {
      const answer = await api.get(`/api/calls/${await requestRide(api, 'p-down')}`);
      expect([answer.status, answer.body.error.code]).to.deep.equal([503, 'STORE_UNAVAILABLE']);
      expect(answer.headers.get('retry-after')).to.equal('2');
    } finally {
      readStore.get = original;
    }
  });

  it('answers 400 POSITION_AHEAD_OF_LOG, not a false 404 nor a 503 to retry forever, for a minPosition beyond the log', async () => {
    const requested = await api.post('/api/calls', { passengerId: 'p-behind', pickup: seoul.station, destination: seoul.gangnam });
    const ahead = requested.body.position + 1_000_000;
    const answer = await api.get(`/api/calls/${requested.body.callId}-not-yet?minPosition=${ahead}`);
    expect([answer.status, answer.body.error.code]).to.deep.equal([400, 'POSITION_AHEAD_OF_LOG']);
  });

  it('answers 404 for an unknown call or driver and 400 for a bad page', async () => {
    expect((await api.get('/api/calls/unknown')).body.error.code).to.equal('CALL_NOT_FOUND');
    expect((await api.get('/api/drivers/unknown/calls')).body.error.code).to.equal('DRIVER_NOT_FOUND');
    expect((await api.get('/api/passengers/p/calls?limit=0')).status).to.equal(400);
  });
});
