import { expect } from 'chai';
import { type ApiClient, apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { dataOf, dispatchWith, fastDispatchEnv, indexCaughtUp, offsetBy, storeOf } from '../support/dispatch.js';
import { eventually, eventuallyValue } from '../support/eventually.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const STALE_AFTER_MS = 3_000;
const pickup = seoul.station;

describe('Presence: positions are the last ping, and a silent driver is AWAY', () => {
  let app: TestApp;
  let api: ApiClient;
  const pingers: NodeJS.Timeout[] = [];
  /** A driver app that keeps pinging where it is, well within the stale limit. */
  const keepPinging = (driverId: string, where: { lat: number; lng: number }) => {
    const ping = () => void api.request('PUT', `/api/drivers/${driverId}/location`, where).catch(() => undefined);
    ping();
    pingers.push(setInterval(ping, STALE_AFTER_MS / 6));
  };
  const driverView = async (driverId: string) => (await api.get(`/api/drivers/${driverId}`)).body;
  const listed = async (query: string) => (await api.get(`/api/drivers?${query}`)).body.items as Array<Record<string, any>>;

  before(async function () {
    this.timeout(30_000);
    app = await startTestApp(fastDispatchEnv({ DRIVER_STALE_AFTER_MS: String(STALE_AFTER_MS), OFFER_TIMEOUT_MS: '5000' }));
    api = apiClient(app.url);
  });
  afterEach(() => pingers.splice(0).forEach(clearInterval));
  after(async () => app?.stop());

  it("moves the driver in the operator's list with a ping, and says when it was", async function () {
    this.timeout(15_000);
    const driverId = await onlineDriver(api, 'Mover', seoul.gangnam);
    const went = await driverView(driverId);
    expect(went.location).to.deep.equal({ lat: seoul.gangnam.lat, lng: seoul.gangnam.lng });
    expect(Date.parse(went.lastSeenAt)).to.be.closeTo(Date.now(), 10_000);

    const there = offsetBy(seoul.cityHall, 10, 10);
    const ping = await api.request('PUT', `/api/drivers/${driverId}/location`, there);
    expect(ping.status).to.equal(200);
    const inList = (await listed('limit=100')).find((driver) => driver.driverId === driverId)!;
    expect(inList).to.deep.include({ location: there, lastSeenAt: ping.body.at, status: 'ONLINE' });
    expect(Date.parse(inList.lastSeenAt)).to.be.greaterThan(Date.parse(went.lastSeenAt));
    // Nearest first from where the ping put them, not from where they went online.
    const near = await listed(`near=${seoul.cityHall.lat},${seoul.cityHall.lng}`);
    expect(near[0]!.driverId).to.equal(driverId);
    expect(await driverView(driverId)).to.deep.include({ location: there, lastSeenAt: ping.body.at });
  });

  it('never offers a call to a silent driver nor counts them as a free taxi, and offers again after a ping', async function () {
    this.timeout(30_000);
    const silent = await onlineDriver(api, 'Silent', offsetBy(pickup, 20, 0));
    const live = await onlineDriver(api, 'Live', offsetBy(pickup, 2_000, 0));
    keepPinging(live, offsetBy(pickup, 2_000, 0));

    const away = await eventuallyValue(
      async () => (await listed('status=AWAY')).find((d) => d.driverId === silent),
      10_000,
      'the silent driver AWAY',
    );
    expect(away.status).to.equal('AWAY');
    expect((await driverView(silent)).status).to.equal('AWAY');
    expect((await listed('status=ONLINE')).map((d) => d.driverId))
      .to.include(live)
      .and.not.include(silent);
    const nearby = await api.get(`/api/taxis/nearby?lat=${pickup.lat}&lng=${pickup.lng}&radius=500`);
    expect(nearby.body.count).to.equal(0);

    // The silent driver is the nearest, but the call goes to the one who pings.
    await indexCaughtUp(app.container);
    const first = await api.post('/api/calls', { passengerId: 'p-presence-1', pickup, destination: seoul.gangnam });
    const offered = dataOf(await dispatchWith(storeOf(app.container), first.body.callId, 'CallOffered'), 'CallOffered');
    expect(offered.map((offer) => offer.driverId)).to.deep.equal([live]);
    await api.post(`/api/calls/${first.body.callId}/cancel`, { reason: 'test' });

    // One ping, no command: available again, counted, and offered the next call.
    keepPinging(silent, offsetBy(pickup, 20, 0));
    await eventually(async () => (await driverView(silent)).status === 'ONLINE', 5_000, 'the pinging driver ONLINE again');
    const counted = await api.get(`/api/taxis/nearby?lat=${pickup.lat}&lng=${pickup.lng}&radius=500`);
    expect(counted.body.count).to.equal(1);
    const second = await api.post('/api/calls', { passengerId: 'p-presence-2', pickup, destination: seoul.gangnam });
    const offeredAgain = dataOf(await dispatchWith(storeOf(app.container), second.body.callId, 'CallOffered'), 'CallOffered');
    expect(offeredAgain[0]!.driverId).to.equal(silent);
    await api.post(`/api/calls/${second.body.callId}/cancel`, { reason: 'test' });
  });
});
