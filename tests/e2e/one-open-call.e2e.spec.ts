import { expect } from 'chai';
import { type ApiClient, apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** One open call per passenger, enforced on the write side (the passenger's stream). */
describe('One open call per passenger', () => {
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
  });
  after(async () => app.stop());

  const request = (passengerId: string, headers?: Record<string, string>) =>
    api.post('/api/calls', { passengerId, pickup: seoul.station, destination: seoul.gangnam }, headers);

  it('answers a second request while one is open with 409 PASSENGER_HAS_OPEN_CALL', async () => {
    expect((await request('p-one-1')).status).to.equal(201);
    const second = await request('p-one-1');
    expect([second.status, second.body.error.code]).to.deep.equal([409, 'PASSENGER_HAS_OPEN_CALL']);
  });

  it('still answers a retried request (same Idempotency-Key) with the first call', async () => {
    const first = await request('p-one-2', { 'Idempotency-Key': 'k-one-2' });
    const again = await request('p-one-2', { 'Idempotency-Key': 'k-one-2' });
    expect([again.status, again.body.callId]).to.deep.equal([201, first.body.callId]);
    expect((await request('p-one-2', { 'Idempotency-Key': 'k-other' })).status).to.equal(409);
  });

  it('lets the passenger call again once the call was cancelled or the ride finished', async () => {
    const first = await request('p-one-3');
    await api.post(`/api/calls/${first.body.callId}/cancel`, {});
    const second = await request('p-one-3');
    expect(second.status).to.equal(201);
    const driverId = await onlineDriver(api, 'OneOpen');
    await api.post(`/api/calls/${second.body.callId}/accept`, { driverId });
    expect((await request('p-one-3')).status, 'while dispatched').to.equal(409);
    await api.post(`/api/calls/${second.body.callId}/start`, { driverId });
    await api.post(`/api/calls/${second.body.callId}/finish`, { driverId });
    expect((await request('p-one-3')).status, 'after the finish').to.equal(201);
  });

  it('answers a second request while the first is DISPATCHED (accepted, not yet started) or DRIVING with 409', async () => {
    const first = await request('p-one-4');
    const driverId = await onlineDriver(api, 'Dispatched');
    expect((await api.post(`/api/calls/${first.body.callId}/accept`, { driverId })).body.status).to.equal('DISPATCHED');
    const whileDispatched = await request('p-one-4');
    expect([whileDispatched.status, whileDispatched.body.error?.code, whileDispatched.body.error?.details]).to.deep.equal([
      409,
      'PASSENGER_HAS_OPEN_CALL',
      { passengerId: 'p-one-4', callId: first.body.callId },
    ]);
    expect((await api.post(`/api/calls/${first.body.callId}/start`, { driverId })).body.status).to.equal('DRIVING');
    const whileDriving = await request('p-one-4');
    expect([whileDriving.status, whileDriving.body.error?.code]).to.deep.equal([409, 'PASSENGER_HAS_OPEN_CALL']);
  });

  it('lets only one of many concurrent requests of one passenger through', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => request('p-one-race')));
    expect(answers.map((a) => a.status).sort()).to.deep.equal([201, 409, 409, 409, 409, 409, 409, 409]);
  });
});
