import { expect } from 'chai';
import { type ApiClient, apiClient, onlineDriver, requestRide, seoul } from '../support/http-client.js';
import { eventuallyValue } from '../support/eventually.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** What operators and drivers can read, and who may read it. */
describe('Views for operators and drivers', () => {
  let app: TestApp;
  let api: ApiClient;
  let operator: ApiClient;
  before(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    operator = api.as({ role: 'operator', subject: 'ops-1' });
  });
  after(async () => app.stop());

  const rideToTheEnd = async (passengerId: string, name: string) => {
    const driverId = await onlineDriver(api, name);
    const callId = await requestRide(api, passengerId);
    await api.post(`/api/calls/${callId}/accept`, { driverId });
    await api.post(`/api/calls/${callId}/start`, { driverId });
    const finished = await api.post(`/api/calls/${callId}/finish`, { driverId });
    return { driverId, callId, finished };
  };
  const callIds = (body: { items: Array<{ callId: string }> }) => body.items.map((item) => item.callId);

  describe('GET /api/calls', () => {
    it('lists calls newest first, filtered by status, passenger and driver, paged by cursor', async () => {
      const { driverId, callId: driven } = await rideToTheEnd('p-ops-1', 'Opsy');
      const open = await requestRide(api, 'p-ops-2');
      const byPassenger = await operator.get('/api/calls?passengerId=p-ops-1');
      expect(byPassenger.status).to.equal(200);
      expect(callIds(byPassenger.body)).to.deep.equal([driven]);
      expect(callIds((await operator.get(`/api/calls?driverId=${driverId}`)).body)).to.deep.equal([driven]);
      const requested = await operator.get('/api/calls?status=REQUESTED,DISPATCHED&limit=100');
      expect(callIds(requested.body)).to.include(open).and.not.to.include(driven);
      const first = await operator.get('/api/calls?limit=1');
      expect(callIds(first.body)).to.deep.equal([open]);
      const second = await operator.get(`/api/calls?limit=1&cursor=${first.body.nextCursor}`);
      expect(callIds(second.body)).to.deep.equal([driven]);
    });

    it('filters by request time: from inclusive, to exclusive', async () => {
      const callId = await requestRide(api, 'p-ops-time');
      const { requestedAt } = (await operator.get(`/api/calls/${callId}`)).body;
      expect(callIds((await operator.get(`/api/calls?passengerId=p-ops-time&from=${requestedAt}`)).body)).to.deep.equal([callId]);
      expect(callIds((await operator.get(`/api/calls?passengerId=p-ops-time&to=${requestedAt}`)).body)).to.deep.equal([]);
    });

    it('refuses passengers and drivers (403) and bad filters (400)', async () => {
      expect((await api.as({ role: 'passenger', subject: 'p-ops-1' }).get('/api/calls')).status).to.equal(403);
      expect((await api.as({ role: 'driver', subject: 'd-x' }).get('/api/calls')).status).to.equal(403);
      expect((await operator.get('/api/calls?status=FLYING')).status).to.equal(400);
      expect((await operator.get('/api/calls?limit=101')).status).to.equal(400);
      expect((await operator.get('/api/calls?cursor=zzz')).status).to.equal(400);
    });
  });

  describe('GET /api/calls/:callId/history', () => {
    it("tells the call's story from the event log, in log order, with who did each step", async () => {
      const { driverId, callId } = await rideToTheEnd('p-history', 'Histo');
      const history = await operator.get(`/api/calls/${callId}/history`);
      expect(history.status).to.equal(200);
      const positions = history.body.map((entry: { position: number }) => entry.position);
      expect(positions).to.deep.equal([...positions].sort((a, b) => a - b));
      const types = history.body.map((entry: { type: string }) => entry.type);
      expect(types).to.include.members(['CallRequested', 'DriverAccepted', 'RideStarted', 'RideFinished', 'PaymentRequested']);
      const streams = new Set(history.body.map((entry: { stream: string }) => entry.stream));
      expect([...streams]).to.include.members([`call-${callId}`, `dispatch-${callId}`, `driving-${callId}`, `payment-pay-${callId}`]);
      expect(history.body[0]).to.deep.include({ type: 'CallRequested', actor: { role: 'passenger', id: 'p-history' } });
      expect(history.body.find((entry: { type: string }) => entry.type === 'DriverAccepted').actor).to.deep.equal({ role: 'driver', id: driverId });
      expect(history.body[0].data).to.include({ callId, passengerId: 'p-history' });
    });

    it('is for operators only, and 404 for an unknown call', async () => {
      const callId = await requestRide(api, 'p-history-2');
      expect((await api.as({ role: 'passenger', subject: 'p-history-2' }).get(`/api/calls/${callId}/history`)).status).to.equal(403);
      expect((await operator.get('/api/calls/nope/history')).body.error.code).to.equal('CALL_NOT_FOUND');
    });
  });

  describe('drivers', () => {
    it('lists drivers with status, last position and current call; ON_RIDE apart from ONLINE; nearest first', async () => {
      const busy = await onlineDriver(api, 'Busy', { lat: seoul.cityHall.lat, lng: seoul.cityHall.lng });
      const free = await onlineDriver(api, 'Free', { lat: seoul.gangnam.lat, lng: seoul.gangnam.lng });
      const callId = await requestRide(api, 'p-drivers');
      await api.post(`/api/calls/${callId}/accept`, { driverId: busy });
      const onRide = await operator.get('/api/drivers?status=ON_RIDE&limit=100');
      expect(onRide.status).to.equal(200);
      const mine = onRide.body.items.find((d: { driverId: string }) => d.driverId === busy);
      expect(mine).to.deep.include({ status: 'ON_RIDE', currentCallId: callId, name: 'Busy' });
      expect(onRide.body.items.map((d: { driverId: string }) => d.driverId)).not.to.include(free);
      const near = await operator.get(`/api/drivers?status=ONLINE&near=${seoul.gangnam.lat},${seoul.gangnam.lng}`);
      expect(near.body.items[0].driverId).to.equal(free);
      expect(near.body.items[0].location).to.deep.equal({ lat: seoul.gangnam.lat, lng: seoul.gangnam.lng });
    });

    it('pages the driver list by cursor', async () => {
      for (const name of ['Pa', 'Pb', 'Pc']) await onlineDriver(api, name);
      const first = await operator.get('/api/drivers?limit=2');
      const second = await operator.get(`/api/drivers?limit=2&cursor=${first.body.nextCursor}`);
      const seen = [...first.body.items, ...second.body.items].map((d: { driverId: string }) => d.driverId);
      expect(new Set(seen).size).to.equal(seen.length);
    });

    it("shows a driver their own profile, an operator anyone's; others are refused", async () => {
      const driverId = await onlineDriver(api, 'Self');
      const own = await api.as({ role: 'driver', subject: driverId }).get(`/api/drivers/${driverId}`);
      expect(own.status).to.equal(200);
      expect(own.body).to.deep.include({ driverId, name: 'Self', status: 'ONLINE', currentCallId: null });
      expect(own.body.rideTypes).to.be.an('array');
      expect((await operator.get(`/api/drivers/${driverId}`)).status).to.equal(200);
      expect((await api.as({ role: 'driver', subject: 'someone-else' }).get(`/api/drivers/${driverId}`)).status).to.equal(403);
      expect((await api.as({ role: 'passenger', subject: 'p-x' }).get(`/api/drivers/${driverId}`)).status).to.equal(403);
      expect((await api.as({ role: 'passenger', subject: 'p-x' }).get('/api/drivers')).status).to.equal(403);
      expect((await operator.get('/api/drivers/nobody')).status).to.equal(404);
    });
  });

  describe('cancelling a finished ride', () => {
    it('tells a passenger RIDE_ALREADY_FINISHED, not RIDE_ALREADY_STARTED', async () => {
      const { callId } = await rideToTheEnd('p-late-cancel', 'Late');
      const answer = await api.post(`/api/calls/${callId}/cancel`, {});
      expect([answer.status, answer.body.error.code]).to.deep.equal([409, 'RIDE_ALREADY_FINISHED']);
    });

    it('keeps an operator-cancelled paid ride FINISHED with its payment REFUNDED', async () => {
      const { callId } = await rideToTheEnd('p-refund', 'Refund');
      const cancelled = await operator.post(`/api/calls/${callId}/operator-cancel`, { reason: 'complaint' });
      expect(cancelled.status).to.equal(200);
      const entry = await eventuallyValue(
        async () => {
          const answer = (await operator.get(`/api/calls/${callId}?minPosition=${cancelled.body.position}`)).body;
          return answer.paymentStatus === 'REFUNDED' && answer;
        },
        10_000,
        'the payment shown REFUNDED',
      );
      expect(entry).to.deep.include({ status: 'FINISHED', paymentStatus: 'REFUNDED' });
    });
  });
});

describe('Views for drivers: their rides, earnings, notifications and the calls they may read', () => {
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
  });
  after(async () => app.stop());

  it("lists the driver's rides with fares, newest first, and today's earnings", async () => {
    const driverId = await onlineDriver(api, 'Earner');
    const driver = api.as({ role: 'driver', subject: driverId });
    const rides = [];
    for (let i = 0; i < 2; i++) {
      const callId = await requestRide(api, `p-earn-${i}`);
      await api.post(`/api/calls/${callId}/accept`, { driverId });
      await api.post(`/api/calls/${callId}/start`, { driverId });
      await api.post(`/api/calls/${callId}/finish`, { driverId });
      rides.push(callId);
    }
    const first = await driver.get(`/api/drivers/${driverId}/rides?limit=1`);
    expect(first.status).to.equal(200);
    expect(first.body.items.map((r: { callId: string }) => r.callId)).to.deep.equal([rides[1]]);
    expect(first.body.items[0]).to.deep.include({ status: 'FINISHED', fare: { amount: 1000, currency: 'KRW' }, driverId });
    expect(first.body.items[0]).not.to.have.property('offeredTo');
    expect(first.body.todayEarnings).to.deep.include({ amount: 2000, currency: 'KRW', rides: 2 });
    const second = await driver.get(`/api/drivers/${driverId}/rides?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((r: { callId: string }) => r.callId)).to.deep.equal([rides[0]]);
  });

  it('tells the driver who cancelled their assignment', async () => {
    const driverId = await onlineDriver(api, 'Told');
    const callId = await requestRide(api, 'p-told');
    await api.post(`/api/calls/${callId}/accept`, { driverId });
    const cancelled = await api.as({ role: 'operator', subject: 'ops' }).post(`/api/calls/${callId}/operator-cancel`, {});
    const told = await api
      .as({ role: 'driver', subject: driverId })
      .get(`/api/drivers/${driverId}/notifications?minPosition=${cancelled.body.position}`);
    expect(told.status).to.equal(200);
    expect(told.body.items.map((n: { kind: string; callId: string }) => [n.kind, n.callId])).to.deep.equal([['ASSIGNMENT_CANCELLED', callId]]);
    expect(told.body.items[0].message).to.contain('customer centre');
  });

  it('lets a driver holding a pending offer read the call; other drivers get 404', async () => {
    // Far from the other tests' drivers, so the offer goes to this one.
    const busan = { lat: 35.1151, lng: 129.0415 };
    const driverId = await onlineDriver(api, 'Offered', busan);
    const bystander = await onlineDriver(api, 'Bystander', { lat: 33.4996, lng: 126.5312 });
    const { body } = await api.post('/api/calls', {
      passengerId: 'p-offer-read',
      pickup: { ...busan, address: 'Busan Station' },
      destination: seoul.gangnam,
    });
    const offered = api.as({ role: 'driver', subject: driverId });
    const deadline = Date.now() + 10_000;
    let answer = await offered.get(`/api/calls/${body.callId}`);
    while (answer.status !== 200 && Date.now() < deadline) answer = await offered.get(`/api/calls/${body.callId}`);
    expect(answer.status).to.equal(200);
    expect(answer.body.pickup.address).to.equal('Busan Station');
    const other = await api.as({ role: 'driver', subject: bystander }).get(`/api/calls/${body.callId}`);
    expect([other.status, other.body.error.code]).to.deep.equal([404, 'CALL_NOT_FOUND']);
  });

  it('tells anyone signed in how many free taxis are near, with rounded positions and no driver ids', async () => {
    const gwangju = { lat: 35.1595, lng: 126.8526 };
    const vanOnly = (await api.post('/api/drivers', { name: 'Van', vehicleNo: 'V-1', rideTypes: ['VAN'] })).body.driverId;
    await api.post(`/api/drivers/${vanOnly}/online`, { location: { lat: gwangju.lat + 0.001, lng: gwangju.lng } });
    const standardOnly = (await api.post('/api/drivers', { name: 'Std', vehicleNo: 'S-1', rideTypes: ['STANDARD'] })).body.driverId;
    await api.post(`/api/drivers/${standardOnly}/online`, { location: { lat: gwangju.lat, lng: gwangju.lng + 0.002 } });
    const busy = await onlineDriver(api, 'Busy2', gwangju);
    const callId = (
      await api.post('/api/calls', { passengerId: 'p-gwangju', pickup: { ...gwangju, address: 'Gwangju' }, destination: seoul.gangnam })
    ).body.callId;
    await api.post(`/api/calls/${callId}/accept`, { driverId: busy });
    const passenger = api.as({ role: 'passenger', subject: 'p-nearby' });
    const all = await passenger.get(`/api/taxis/nearby?lat=${gwangju.lat}&lng=${gwangju.lng}`);
    expect(all.status).to.equal(200);
    expect(all.body.count).to.equal(2);
    expect(JSON.stringify(all.body)).not.to.contain(vanOnly);
    for (const taxi of all.body.taxis) expect(Object.keys(taxi).sort()).to.deep.equal(['lat', 'lng']);
    // Cell centres (0.0025° × 0.003° cells), nearest first: the standard taxi's cell is the centre's own.
    expect(all.body.taxis).to.deep.equal([
      { lat: 35.15875, lng: 126.8535 },
      { lat: 35.16125, lng: 126.8535 },
    ]);
    expect(all.body.radiusMeters).to.equal(3_000);
    expect((await passenger.get(`/api/taxis/nearby?lat=${gwangju.lat}&lng=${gwangju.lng}&rideType=VAN`)).body.count).to.equal(1);
    expect((await passenger.get('/api/taxis/nearby?lat=33.0&lng=126.0')).body).to.deep.include({ count: 0, taxis: [] });
    expect((await passenger.get('/api/taxis/nearby?lat=100&lng=0')).status).to.equal(400);
    expect((await api.anonymous().get(`/api/taxis/nearby?lat=${gwangju.lat}&lng=${gwangju.lng}`)).status).to.equal(401);
    expect((await api.as({ role: 'driver', subject: busy }).get(`/api/taxis/nearby?lat=${gwangju.lat}&lng=${gwangju.lng}`)).status).to.equal(200);
    // Another centre in the same cell and another radius in the same step: the very same answer.
    const sameCell = await passenger.get(`/api/taxis/nearby?lat=${gwangju.lat - 0.0008}&lng=${gwangju.lng + 0.0008}&radius=2500`);
    expect(sameCell.body).to.deep.equal(all.body);
  });

  it('limits how often one subject may ask for the taxis nearby (NEARBY_RATE_LIMIT_PER_MINUTE)', async () => {
    const limited = await startTestApp({ AUTO_DISPATCH: 'off', NEARBY_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const client = apiClient(limited.url);
      const ask = (subject: string) => client.as({ role: 'passenger', subject }).get('/api/taxis/nearby?lat=37.55&lng=126.97');
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await ask('p-curious')).status);
      const refused = await ask('p-curious');
      expect([...statuses, refused.body.error.code, Number(refused.headers.get('retry-after')) > 0]).to.deep.equal([
        200,
        200,
        200,
        429,
        'RATE_LIMITED',
        true,
      ]);
      expect((await ask('p-other')).status, 'another subject').to.equal(200);
    } finally {
      await limited.stop();
    }
  });
});
