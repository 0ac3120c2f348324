import { expect } from 'chai';
import { acceptCallConflict, acceptCallResponse } from '../../src/infrastructure/http/routes/accept.schemas.js';
import { type ApiClient, apiClient, onlineDriver, requestRide, seoul } from '../support/http-client.js';
import { eventStoreOf, eventually } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** An accept refused before any write appends nothing: a refusal must not leave half a dispatch in the log. */
describe('Accept refusals write nothing', () => {
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    // No offers: the log moves only by what these tests do.
    app = await startTestApp({ AUTO_DISPATCH: 'off' });
    api = apiClient(app.url);
  });
  after(async () => app.stop());

  const head = () => eventStoreOf(app.container).headPosition();

  const driverStreamLength = async (driverId: string) => (await eventStoreOf(app.container).readStream(`driver-${driverId}`)).length;

  it('answers 409 CALL_ALREADY_CANCELLED for a cancelled call, and the log does not move', async () => {
    const driverId = await onlineDriver(api, 'Free');
    const callId = await requestRide(api, 'p-cancelled');
    await api.post(`/api/calls/${callId}/cancel`, {});
    // The ride lifecycle closes the call stream after the dispatch; wait for it before measuring.
    const callClosed = async () => (await eventStoreOf(app.container).readStream(`call-${callId}`)).some((event) => event.type === 'CallCancelled');
    await eventually(callClosed, 5_000, 'the call is cancelled');
    const before = await head();
    const refused = await api.post(`/api/calls/${callId}/accept`, { driverId });
    expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'CALL_ALREADY_CANCELLED']);
    expect(await head()).to.equal(before);
    expect((await api.post(`/api/calls/${await requestRide(api, 'p-next')}/accept`, { driverId })).status).to.equal(200);
  });

  it('answers 409 CALL_ALREADY_DISPATCHED to a second driver without touching their stream', async () => {
    const [winner, late] = [await onlineDriver(api, 'Win'), await onlineDriver(api, 'Late')];
    const callId = await requestRide(api, 'p-taken');
    expect((await api.post(`/api/calls/${callId}/accept`, { driverId: winner })).status).to.equal(200);
    const before = await driverStreamLength(late);
    const refused = await api.post(`/api/calls/${callId}/accept`, { driverId: late });
    expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'CALL_ALREADY_DISPATCHED']);
    expect(await driverStreamLength(late)).to.equal(before);
  });

  it('answers a winner repeating the accept after the ride with 200, and leaves the driver free', async () => {
    const driverId = await onlineDriver(api, 'Again');
    const callId = await requestRide(api, 'p-again');
    for (const step of ['accept', 'start', 'finish'])
      expect((await api.post(`/api/calls/${callId}/${step}`, { driverId })).status, step).to.equal(200);
    const released = async () => (await eventStoreOf(app.container).readStream(`driver-${driverId}`)).at(-1)?.type === 'DriverReleased';
    await eventually(released, 5_000, 'the driver released after the ride');
    const before = await driverStreamLength(driverId);
    expect((await api.post(`/api/calls/${callId}/accept`, { driverId })).status).to.equal(200);
    expect(await driverStreamLength(driverId)).to.equal(before);
    expect((await api.post(`/api/calls/${await requestRide(api, 'p-again-next')}/accept`, { driverId })).status).to.equal(200);
  });

  it('refuses a driver registered for VAN only a DELUXE call with 409 RIDE_TYPE_MISMATCH, appending nothing', async () => {
    const { body } = await api.post('/api/drivers', { name: 'Van', vehicleNo: 'VAN-1234', rideTypes: ['VAN'] });
    const driverId = body.driverId as string;
    await api.post(`/api/drivers/${driverId}/online`, { location: seoul.station });
    const deluxe = await api.post('/api/calls', { passengerId: 'p-deluxe', pickup: seoul.station, destination: seoul.gangnam, rideType: 'DELUXE' });
    const callId = deluxe.body.callId as string;
    const before = await head();
    const refused = await api.post(`/api/calls/${callId}/accept`, { driverId });
    expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'RIDE_TYPE_MISMATCH']);
    expect(acceptCallConflict.safeParse(refused.body).success).to.equal(true);
    expect(await head()).to.equal(before);
    const van = await api.post('/api/calls', { passengerId: 'p-van', pickup: seoul.station, destination: seoul.gangnam, rideType: 'VAN' });
    const accepted = await api.post(`/api/calls/${van.body.callId}/accept`, { driverId });
    expect(accepted.status).to.equal(200);
    expect(acceptCallResponse.parse(accepted.body)).to.include({ status: 'DISPATCHED', driverId });
  });
});
