import { expect } from 'chai';
import { nearestFirst } from '../../src/domain/shared/geo.js';
import { type ApiClient, apiClient, onlineDriver, seoul } from '../support/http-client.js';
import {
  type SeedDriver,
  dataOf,
  dispatchOf,
  dispatchWith,
  fastDispatchEnv,
  indexCaughtUp,
  offsetBy,
  seedDrivers,
  seeded,
  storeOf,
} from '../support/dispatch.js';
import { eventuallyValue } from '../support/eventually.js';
import { devToken, openSse } from '../support/sse-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const pickup = seoul.station;
const at = (north: number, east: number) => offsetBy(pickup, north, east);
const callFrom = (where: { lat: number; lng: number }, rideType = 'STANDARD') => ({
  pickup: { ...where, address: 'pickup' },
  destination: seoul.gangnam,
  rideType,
});

describe('Auto-dispatch over HTTP', () => {
  describe('with 1,000 drivers online around Seoul', () => {
    let app: TestApp;
    let api: ApiClient;
    let bulk: Array<SeedDriver & { driverId: string }>;
    const special: Record<'busy' | 'offline' | 'deluxe' | 'mover' | 'second', string> = { busy: '', offline: '', deluxe: '', mover: '', second: '' };

    before(async function () {
      this.timeout(60_000);
      app = await startTestApp(fastDispatchEnv({ OFFER_TIMEOUT_MS: '400' }));
      api = apiClient(app.url);
      // Everyone else is at least 300 m away, so the drivers placed closer decide who comes first.
      const random = seeded(7);
      const drivers: SeedDriver[] = Array.from({ length: 1_000 }, (_, i) => {
        let north = 0;
        let east = 0;
        while (Math.hypot(north, east) < 300) [north, east] = [(random() - 0.5) * 12_000, (random() - 0.5) * 12_000];
        return { name: `Bulk ${i}`, location: at(north, east), rideTypes: i % 3 === 0 ? ['DELUXE'] : ['STANDARD'] };
      });
      const ids = await seedDrivers(app.container, drivers);
      bulk = drivers.map((driver, i) => ({ ...driver, driverId: ids[i]! }));

      special.busy = await onlineDriver(api, 'Busy', at(20, 0));
      const elsewhere = await api.post('/api/calls', { passengerId: 'p-elsewhere', ...callFrom(seoul.gangnam) });
      expect((await api.post(`/api/calls/${elsewhere.body.callId}/accept`, { driverId: special.busy })).status).to.equal(200);
      // The ride starts at its pickup; then the busy driver is near the station again, for the calls under test.
      await api.request('PUT', `/api/drivers/${special.busy}/location`, { lat: seoul.gangnam.lat, lng: seoul.gangnam.lng });
      expect((await api.post(`/api/calls/${elsewhere.body.callId}/start`, { driverId: special.busy })).status).to.equal(200);
      await api.request('PUT', `/api/drivers/${special.busy}/location`, at(20, 0));
      special.offline = await onlineDriver(api, 'Offline', at(30, 0));
      expect((await api.post(`/api/drivers/${special.offline}/offline`)).status).to.equal(200);
      const deluxe = await api.post('/api/drivers', { name: 'Deluxe', vehicleNo: 'DX-1', rideTypes: ['DELUXE'] });
      special.deluxe = deluxe.body.driverId;
      await api.post(`/api/drivers/${special.deluxe}/online`, { location: at(40, 0) });
      // Went online far away, then drove here: only the location ping says so.
      special.mover = await onlineDriver(api, 'Mover', { lat: seoul.gangnam.lat, lng: seoul.gangnam.lng });
      const ping = await api.request('PUT', `/api/drivers/${special.mover}/location`, at(60, 0));
      expect(ping.status).to.equal(200);
      special.second = await onlineDriver(api, 'Second', at(120, 0));
      await indexCaughtUp(app.container);
    });
    after(async () => app?.stop());

    it('offers a call first to the nearest free driver of its ride type, then to the next as offers time out', async function () {
      this.timeout(20_000);
      const requested = await api.post('/api/calls', { passengerId: 'p-1000', ...callFrom(pickup) });
      const callId = requested.body.callId as string;
      const events = await dispatchWith(storeOf(app.container), callId, 'CallOffered', 4);
      const offered = dataOf(events, 'CallOffered').map((offer) => offer.driverId);
      const nearestBulk = nearestFirst(
        pickup,
        bulk.filter((d) => d.rideTypes.includes('STANDARD')),
        (d) => d.location,
      ).map(({ item }) => item.driverId);
      expect(offered.slice(0, 4)).to.deep.equal([special.mover, special.second, nearestBulk[0], nearestBulk[1]]);
      // Each offer ended by its timer before the next one was made.
      const types = events.map((e) => e.type).filter((type) => type === 'CallOffered' || type === 'OfferExpired');
      expect(types.slice(0, 7)).to.deep.equal([
        'CallOffered',
        'OfferExpired',
        'CallOffered',
        'OfferExpired',
        'CallOffered',
        'OfferExpired',
        'CallOffered',
      ]);
      expect((await api.post(`/api/calls/${callId}/cancel`, {})).status).to.equal(200);
    });

    it('never offers a call to a busy or offline driver, or one of another ride type', async function () {
      this.timeout(20_000);
      const requested = await api.post('/api/calls', { passengerId: 'p-deluxe', ...callFrom(pickup, 'DELUXE') });
      const callId = requested.body.callId as string;
      const events = await dispatchWith(storeOf(app.container), callId, 'CallOffered', 2);
      expect(
        dataOf(events, 'CallOffered')
          .map((offer) => offer.driverId)
          .slice(0, 2),
      ).to.deep.equal([special.deluxe, special.mover]);
      await api.post(`/api/calls/${callId}/cancel`, {});

      const everyOffer = dataOf(await storeOf(app.container).readAll({ maxCount: 100_000 }), 'CallOffered').map((offer) => offer.driverId);
      expect(everyOffer).to.not.include(special.busy);
      expect(everyOffer).to.not.include(special.offline);
      const standardOnly = new Set(bulk.filter((d) => !d.rideTypes.includes('DELUXE')).map((d) => d.driverId));
      expect(dataOf(events, 'CallOffered').filter((offer) => standardOnly.has(offer.driverId))).to.deep.equal([]);
    });
  });

  describe('with three free drivers near the pickup', () => {
    let app: TestApp;
    let api: ApiClient;
    let drivers: string[];

    before(async () => {
      app = await startTestApp(fastDispatchEnv({ OFFER_TIMEOUT_MS: '600', DISPATCH_TOTAL_TIMEOUT_MS: '5000' }));
      api = apiClient(app.url);
      drivers = [
        await onlineDriver(api, 'Near', at(50, 0)),
        await onlineDriver(api, 'Middle', at(200, 0)),
        await onlineDriver(api, 'Far', at(900, 0)),
      ];
      await indexCaughtUp(app.container);
    });
    after(async () => app?.stop());

    const request = async (passengerId: string) => (await api.post('/api/calls', { passengerId, ...callFrom(pickup) })).body.callId as string;

    it('offers the next driver when an offer times out, after expiring it once', async function () {
      this.timeout(15_000);
      const callId = await request('p-timeout');
      const events = await dispatchWith(storeOf(app.container), callId, 'CallOffered', 2);
      const [first, second] = dataOf(events, 'CallOffered');
      expect([first!.driverId, second!.driverId]).to.deep.equal([drivers[0], drivers[1]]);
      const expired = dataOf(events, 'OfferExpired');
      expect(expired.map((e) => e.offerId)).to.deep.equal([first!.offerId]);
      expect(Date.parse(expired[0]!.expiredAt)).to.be.at.least(Date.parse(first!.expiresAt));
      await api.post(`/api/calls/${callId}/cancel`, {});
    });

    it('never offers the call again to a driver who declined, and ends it as NO_DRIVER_FOUND when all declined', async function () {
      this.timeout(20_000);
      const callId = await request('p-decline');
      const store = storeOf(app.container);
      const passenger = await openSse(`${app.url}/api/calls/${callId}/events`, {
        authorization: `Bearer ${await devToken(app.url, 'passenger', 'p-decline')}`,
      });
      try {
        for (const [n, driverId] of drivers.entries()) {
          const events = await dispatchWith(store, callId, 'CallOffered', n + 1);
          expect(dataOf(events, 'CallOffered')[n]!.driverId).to.equal(driverId);
          const declined = await api.post(`/api/calls/${callId}/decline`, { driverId });
          expect([declined.status, declined.body.status]).to.deep.equal([200, 'DECLINED']);
        }
        const again = await api.post(`/api/calls/${callId}/decline`, { driverId: drivers[0] });
        expect(again.status).to.equal(200); // saying no twice changes nothing

        await passenger.waitFor((messages) => messages.some((m) => m.data.status === 'NO_DRIVER_FOUND'), 10_000);
        const events = await store.readStream(`dispatch-${callId}`);
        expect(dataOf(events, 'CallOffered').map((offer) => offer.driverId)).to.deep.equal(drivers);
        expect(dataOf(events, 'OfferDeclined').map((offer) => offer.driverId)).to.deep.equal(drivers);
        expect(dataOf(events, 'DispatchExpired')).to.have.length(1);
        expect(passenger.messages.filter((m) => m.event === 'status').map((m) => m.data.status)).to.deep.equal(['REQUESTED', 'NO_DRIVER_FOUND']);
        // The passenger saw the search go on: offered to one driver, then two, and so on.
        expect(passenger.messages.filter((m) => m.event === 'search').map((m) => m.data.offeredTo)).to.deep.equal(drivers.map((_, n) => n + 1));
        const late = await api.post(`/api/calls/${callId}/accept`, { driverId: drivers[0] });
        expect([late.status, late.body.error.code]).to.deep.equal([409, 'CALL_EXPIRED']);
        const notified = await eventuallyValue(
          async () => {
            const answer = await api.get('/api/passengers/p-decline/notifications');
            return answer.status === 200 && answer.body.items.find((n: { status: string }) => n.status === 'NO_DRIVER_FOUND');
          },
          10_000,
          'the passenger told NO_DRIVER_FOUND',
        );
        expect(notified).to.include({ callId, kind: 'NO_DRIVER_FOUND' });
      } finally {
        passenger.close();
      }
    });

    it('lets any free driver accept from the call list while an offer is pending: the accept wins and closes the offer', async function () {
      this.timeout(15_000);
      const callId = await request('p-manual');
      const store = storeOf(app.container);
      const [offer] = dataOf(await dispatchWith(store, callId, 'CallOffered'), 'CallOffered');
      expect(offer!.driverId).to.equal(drivers[0]);
      const accepted = await api.post(`/api/calls/${callId}/accept`, { driverId: drivers[2] });
      expect(accepted.status).to.equal(200);
      const lateOffered = await api.post(`/api/calls/${callId}/accept`, { driverId: drivers[0] });
      expect([lateOffered.status, lateOffered.body.error.code]).to.deep.equal([409, 'CALL_ALREADY_DISPATCHED']);
      // The proof that no step can follow: auto-dispatch has read the accept and closed the call, and with it the offer's timer.
      const autoDispatch = dispatchOf(app.container).autoDispatch!;
      expect(await autoDispatch.waitFor(await store.headPosition(), 10_000), 'auto-dispatch read the accept').to.equal(true);
      expect(autoDispatch.openDispatches.has(callId), 'auto-dispatch still matching the call').to.equal(false);
      const events = await store.readStream(`dispatch-${callId}`);
      expect(events.map((e) => e.type)).to.deep.equal(['CallOffered', 'DriverAccepted']);
      await api.post(`/api/calls/${callId}/cancel`, {});
    });

    it('streams offers to the offered driver as Server-Sent Events, and their end', async function () {
      this.timeout(15_000);
      const stream = await openSse(`${app.url}/api/drivers/${drivers[0]}/offers`, {
        authorization: `Bearer ${await devToken(app.url, 'driver', drivers[0]!)}`,
      });
      try {
        expect(stream.status).to.equal(200);
        const callId = await request('p-sse-offer');
        const [offer] = await stream.waitFor((messages) => messages.some((m) => m.event === 'offer' && m.data.callId === callId));
        expect(offer!.data).to.include({ callId, driverId: drivers[0], rideType: 'STANDARD' });
        expect(offer!.data.pickup).to.include({ address: 'pickup' });
        expect(Number(offer!.id)).to.be.a('number').and.above(0);
        await api.post(`/api/calls/${callId}/decline`, { driverId: drivers[0] });
        const messages = await stream.waitFor((all) => all.some((m) => m.event === 'offer-closed'));
        expect(messages.find((m) => m.event === 'offer-closed')!.data).to.include({ callId, reason: 'DECLINED', offerId: offer!.data.offerId });
        await api.post(`/api/calls/${callId}/cancel`, {});
      } finally {
        stream.close();
      }
      const someoneElse = await openSse(`${app.url}/api/drivers/${drivers[0]}/offers`, {
        authorization: `Bearer ${await devToken(app.url, 'driver', drivers[1]!)}`,
      });
      expect(someoneElse.status).to.equal(403);
      someoneElse.close();
    });
  });

  describe('with offers that outlast the test (10 s timeout)', () => {
    const env = fastDispatchEnv({ OFFER_TIMEOUT_MS: '10000' });
    const offersStream = async (baseUrl: string, driverId: string) =>
      openSse(`${baseUrl}/api/drivers/${driverId}/offers`, { authorization: `Bearer ${await devToken(baseUrl, 'driver', driverId)}` });

    it('withdraws an offer whose driver accepts another call, tells them WITHDRAWN, and offers the call to the next driver at once', async function () {
      this.timeout(30_000);
      const app = await startTestApp(env);
      const api = apiClient(app.url);
      try {
        const [near, middle] = [await onlineDriver(api, 'Near', at(50, 0)), await onlineDriver(api, 'Middle', at(200, 0))];
        await indexCaughtUp(app.container);
        const [nearStream, middleStream] = [await offersStream(app.url, near), await offersStream(app.url, middle)];
        try {
          const callA = (await api.post('/api/calls', { passengerId: 'p-a', ...callFrom(pickup) })).body.callId as string;
          await nearStream.waitFor((all) => all.some((m) => m.event === 'offer' && m.data.callId === callA));
          // Near holds A's offer, so B goes to Middle; Near takes B from the call list instead.
          const callB = (await api.post('/api/calls', { passengerId: 'p-b', ...callFrom(pickup) })).body.callId as string;
          await middleStream.waitFor((all) => all.some((m) => m.event === 'offer' && m.data.callId === callB));
          expect((await api.post(`/api/calls/${callB}/accept`, { driverId: near })).status).to.equal(200);

          const nearMessages = await nearStream.waitFor((all) => all.some((m) => m.event === 'offer-closed' && m.data.callId === callA), 2_000);
          expect(nearMessages.find((m) => m.event === 'offer-closed')!.data).to.include({ callId: callA, driverId: near, reason: 'WITHDRAWN' });
          const middleMessages = await middleStream.waitFor((all) => all.some((m) => m.event === 'offer' && m.data.callId === callA), 2_000);
          expect(
            middleMessages.filter((m) => m.event !== 'offer' || m.data.callId !== callA).map((m) => [m.event, m.data.callId, m.data.reason]),
          ).to.deep.equal([
            ['offer', callB, undefined],
            ['offer-closed', callB, 'TAKEN'],
          ]);
          const events = await storeOf(app.container).readStream(`dispatch-${callA}`);
          expect(events.map((e) => e.type)).to.deep.equal(['CallOffered', 'OfferWithdrawn', 'CallOffered']);
          await api.post(`/api/calls/${callA}/cancel`, {});
        } finally {
          nearStream.close();
          middleStream.close();
        }
      } finally {
        await app.stop();
      }
    });

    it('shows a driver who connects to a restarted process without Last-Event-ID the offer made before the restart', async function () {
      this.timeout(40_000);
      const first = await startTestApp(env, { keepDataDir: true });
      let driverId: string;
      let callId: string;
      try {
        const api = apiClient(first.url);
        driverId = await onlineDriver(api, 'Steady', at(50, 0));
        await indexCaughtUp(first.container);
        callId = (await api.post('/api/calls', { passengerId: 'p-restart', ...callFrom(pickup) })).body.callId as string;
        await dispatchWith(storeOf(first.container), callId, 'CallOffered');
      } finally {
        await first.stop();
      }

      const second = await startTestApp({ ...env, DATA_DIR: first.dataDir });
      try {
        const stream = await offersStream(second.url, driverId);
        try {
          const [offer] = await stream.waitFor((all) => all.some((m) => m.event === 'offer'), 5_000);
          expect(offer!.data).to.include({ callId, driverId, offerId: `${callId}:1` });
          expect(offer!.data.pickup).to.include({ address: 'pickup' });
        } finally {
          stream.close();
        }
        await apiClient(second.url).post(`/api/calls/${callId}/cancel`, {});
      } finally {
        await second.stop();
      }
    });
  });

  describe('driver location pings', () => {
    let app: TestApp;
    let api: ApiClient;
    before(async () => {
      app = await startTestApp(fastDispatchEnv({ AUTO_DISPATCH: 'off' }));
      api = apiClient(app.url);
    });
    after(async () => app?.stop());

    it('are accepted from an online driver, refused from an offline or unknown one, and validated', async () => {
      const driverId = await onlineDriver(api, 'Pinger', at(0, 0));
      const ok = await api.request('PUT', `/api/drivers/${driverId}/location`, at(10, 10));
      expect(ok.status).to.equal(200);
      expect(ok.body).to.include({ driverId });
      const bad = await api.request('PUT', `/api/drivers/${driverId}/location`, { lat: 91, lng: 0 });
      expect([bad.status, bad.body.error.code]).to.deep.equal([400, 'VALIDATION_ERROR']);
      await api.post(`/api/drivers/${driverId}/offline`);
      const offline = await api.request('PUT', `/api/drivers/${driverId}/location`, at(0, 0));
      expect([offline.status, offline.body.error.code]).to.deep.equal([409, 'DRIVER_OFFLINE']);
      const unknown = await api.request('PUT', '/api/drivers/nobody/location', at(0, 0));
      expect([unknown.status, unknown.body.error.code]).to.deep.equal([404, 'DRIVER_NOT_FOUND']);
    });
  });
});
