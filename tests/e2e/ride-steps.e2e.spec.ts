import { expect } from 'chai';
import { offsetBy, storeOf, dataOf, fastDispatchEnv } from '../support/dispatch.js';
import { eventuallyValue } from '../support/eventually.js';
import { type ApiClient, apiClient, onlineDriver, requestRide, seoul } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** About 1.3 km from Seoul Station, the pickup of every ride here. */
const farAway = { lat: seoul.cityHall.lat, lng: seoul.cityHall.lng };
const nearPickup = offsetBy(seoul.station, 80, 0);

describe('The ride between the accept and the start', () => {
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    app = await startTestApp(fastDispatchEnv({ OFFER_TIMEOUT_MS: '60000' }));
    api = apiClient(app.url);
  });
  after(async () => app.stop());

  const asDriver = (driverId: string) => api.as({ role: 'driver', subject: driverId });
  const ping = (driverId: string, location: { lat: number; lng: number }) =>
    asDriver(driverId).request('PUT', `/api/drivers/${driverId}/location`, location);
  /** A ride accepted by a fresh driver who then drove `location` away from the pickup. */
  const accepted = async (passengerId: string, location = farAway) => {
    const driverId = await onlineDriver(api, 'Step');
    const callId = await requestRide(api, passengerId);
    expect((await api.post(`/api/calls/${callId}/accept`, { driverId })).status).to.equal(200);
    await ping(driverId, location);
    return { callId, driverId };
  };

  describe('arrive', () => {
    it('refuses a driver far from the pickup with NOT_AT_PICKUP, and records the arrival at the pickup', async () => {
      const { callId, driverId } = await accepted('p-arrive');
      const far = await asDriver(driverId).post(`/api/calls/${callId}/arrive`, {});
      expect([far.status, far.body.error.code, far.body.error.details.withinMetres]).to.deep.equal([409, 'NOT_AT_PICKUP', 200]);

      await ping(driverId, nearPickup);
      const arrived = await asDriver(driverId).post(`/api/calls/${callId}/arrive`, {});
      expect(arrived.status).to.equal(200);
      expect(arrived.body).to.include({ callId, status: 'DISPATCHED' });
      const entry = await api.get(`/api/calls/${callId}?minPosition=${arrived.body.position}`);
      expect([entry.body.status, entry.body.arrivedAt]).to.deep.equal(['DISPATCHED', arrived.body.arrivedAt]);
      const told = await eventuallyValue(
        async () => {
          const { body } = await api.get(`/api/passengers/p-arrive/notifications?minPosition=${arrived.body.position}`);
          return body.items.find((n: { kind: string }) => n.kind === 'TAXI_ARRIVED');
        },
        5_000,
        'the passenger told the taxi arrived',
      );
      expect(told.message).to.equal('Your taxi has arrived at the pickup.');
    });

    it('refuses another driver with NOT_ASSIGNED_DRIVER', async () => {
      const { callId } = await accepted('p-arrive-other', nearPickup);
      const other = await onlineDriver(api, 'Other');
      const refused = await asDriver(other).post(`/api/calls/${callId}/arrive`, {});
      expect([refused.status, refused.body.error.code]).to.deep.equal([403, 'NOT_ASSIGNED_DRIVER']);
    });

    it('answers the first arrival again when said twice', async () => {
      const { callId, driverId } = await accepted('p-arrive-twice', nearPickup);
      const first = await asDriver(driverId).post(`/api/calls/${callId}/arrive`, {});
      const again = await asDriver(driverId).post(`/api/calls/${callId}/arrive`, {});
      expect([again.status, again.body.arrivedAt]).to.deep.equal([200, first.body.arrivedAt]);
    });
  });

  describe('start', () => {
    it('refuses a start far from the pickup without an arrival with NOT_AT_PICKUP', async () => {
      const { callId, driverId } = await accepted('p-start-far');
      const refused = await api.post(`/api/calls/${callId}/start`, { driverId });
      expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'NOT_AT_PICKUP']);
    });

    it('starts after the arrival, wherever the driver pinged from since', async () => {
      const { callId, driverId } = await accepted('p-start-after', nearPickup);
      expect((await asDriver(driverId).post(`/api/calls/${callId}/arrive`, {})).status).to.equal(200);
      await ping(driverId, farAway);
      const started = await api.post(`/api/calls/${callId}/start`, { driverId });
      expect([started.status, started.body.status]).to.deep.equal([200, 'DRIVING']);
    });
  });

  describe('release', () => {
    it('frees the driver, reopens the call, tells the passenger and counts the release for operators', async () => {
      const { callId, driverId } = await accepted('p-release', nearPickup);
      const released = await asDriver(driverId).post(`/api/calls/${callId}/release`, { reason: 'flat tyre' });
      expect([released.status, released.body.status]).to.deep.equal([200, 'REQUESTED']);

      const entry = await api.get(`/api/calls/${callId}?minPosition=${released.body.position}`);
      expect([entry.body.status, entry.body.driverId]).to.deep.equal(['REQUESTED', null]);
      const driver = await asDriver(driverId).get(`/api/drivers/${driverId}?minPosition=${released.body.position}`);
      expect([driver.body.status, driver.body.currentCallId, driver.body.currentRide]).to.deep.equal(['ONLINE', null, null]);
      const listed = await api.get(`/api/drivers?status=ONLINE&minPosition=${released.body.position}&limit=100`);
      expect(listed.body.items.find((d: { driverId: string }) => d.driverId === driverId).releaseCount).to.equal(1);
      const told = await eventuallyValue(
        async () => {
          const { body } = await api.get(`/api/passengers/p-release/notifications?minPosition=${released.body.position}`);
          return body.items.find((n: { kind: string }) => n.kind === 'DRIVER_RELEASED');
        },
        5_000,
        'the passenger told the driver gave the call back',
      );
      expect(told.status).to.equal('REQUESTED');

      const other = await onlineDriver(api, 'Lister', nearPickup);
      const open = await eventuallyValue(
        async () => {
          const { body } = await asDriver(other).get(`/api/drivers/${other}/calls?limit=100`);
          return body.find((c: { callId: string }) => c.callId === callId);
        },
        5_000,
        'the call back in the call list',
      );
      expect([open.pickup, open.destination]).to.deep.equal([seoul.station, seoul.gangnam]);

      const history = await api.get(`/api/calls/${callId}/history`);
      const entryOf = history.body.find((e: { type: string }) => e.type === 'DispatchReleased');
      expect([entryOf.actor, entryOf.data.reason]).to.deep.equal([{ role: 'driver', id: driverId }, 'flat tyre']);
    });

    it('offers the call again, never to the driver who gave it back', async () => {
      const passengerId = 'p-release-offer';
      await onlineDriver(api, 'First', seoul.station);
      const callId = await requestRide(api, passengerId);
      const store = storeOf(app.container);
      const offered = await eventuallyValue(
        async () => dataOf(await store.readStream(`dispatch-${callId}`), 'CallOffered')[0],
        10_000,
        'first offer',
      );
      const holder = offered.driverId as string;
      expect((await api.post(`/api/calls/${callId}/accept`, { driverId: holder })).status).to.equal(200);
      await onlineDriver(api, 'Second', offsetBy(seoul.station, 300, 0));
      expect((await asDriver(holder).post(`/api/calls/${callId}/release`, { reason: 'engine trouble' })).status).to.equal(200);

      const reoffered = await eventuallyValue(
        async () => {
          const events = await store.readStream(`dispatch-${callId}`);
          const after = events.slice(events.findIndex((e) => e.type === 'DispatchReleased') + 1);
          return dataOf(after, 'CallOffered')[0];
        },
        10_000,
        'an offer after the release',
      );
      expect(reoffered.driverId).to.not.equal(holder);
      const offers = await asDriver(reoffered.driverId).get(`/api/drivers/${reoffered.driverId}`);
      expect(offers.body.pendingOffers).to.deep.include({ callId, expiresAt: reoffered.expiresAt });
    });

    it('refuses once the ride started with RIDE_ALREADY_STARTED', async () => {
      const { callId, driverId } = await accepted('p-release-late', nearPickup);
      expect((await api.post(`/api/calls/${callId}/start`, { driverId })).status).to.equal(200);
      const refused = await asDriver(driverId).post(`/api/calls/${callId}/release`, { reason: 'too late' });
      expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'RIDE_ALREADY_STARTED']);
    });

    it('refuses a release without a reason with VALIDATION_ERROR', async () => {
      const { callId, driverId } = await accepted('p-release-why', nearPickup);
      const refused = await asDriver(driverId).post(`/api/calls/${callId}/release`, {});
      expect([refused.status, refused.body.error.code]).to.deep.equal([400, 'VALIDATION_ERROR']);
    });
  });

  describe("the driver's session", () => {
    it('answers the current ride, arrival included, so a reloaded console restores it', async () => {
      const { callId, driverId } = await accepted('p-session', nearPickup);
      const arrived = await asDriver(driverId).post(`/api/calls/${callId}/arrive`, {});
      const profile = await asDriver(driverId).get(`/api/drivers/${driverId}?minPosition=${arrived.body.position}`);
      expect(profile.body.currentRide).to.deep.equal({
        callId,
        status: 'DISPATCHED',
        pickup: seoul.station,
        destination: seoul.gangnam,
        arrivedAt: arrived.body.arrivedAt,
      });
      expect(profile.body.pendingOffers).to.deep.equal([]);
    });
  });
});
