import { expect } from 'chai';
import { type ApiClient, apiClient, onlineDriver, requestRide, seoul } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

describe('Bad input', () => {
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
  });
  after(async () => app.stop());

  const expectError = (answer: { status: number; body: any }, status: number, code: string) => {
    expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
    expect(answer.body.error.code).to.equal(code);
    expect(answer.body.error.message).to.be.a('string').and.not.empty;
  };

  it('names the bad field of a call request', async () => {
    const answer = await api.post('/api/calls', { passengerId: 'p', pickup: { ...seoul.station, lat: 123 }, destination: seoul.gangnam });
    expectError(answer, 400, 'VALIDATION_ERROR');
    expect(answer.body.error.details.fields.map((f: { field: string }) => f.field)).to.deep.equal(['pickup.lat']);
  });

  it('rejects a missing body, an unknown ride type and a non-JSON body', async () => {
    expectError(await api.post('/api/calls', {}), 400, 'VALIDATION_ERROR');
    expectError(
      await api.post('/api/calls', { passengerId: 'p', pickup: seoul.station, destination: seoul.gangnam, rideType: 'ROCKET' }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(await api.post('/api/calls', '{"passengerId":'), 400, 'INVALID_JSON');
  });

  it('rejects an oversized body with 413', async () => {
    const huge = { passengerId: 'p', pickup: { ...seoul.station, address: 'x'.repeat(100_000) }, destination: seoul.gangnam };
    expectError(await api.post('/api/calls', huge), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers 404 for an unknown call, driver or route', async () => {
    const driverId = await onlineDriver(api, 'Han');
    expectError(await api.post('/api/calls/no-such-call/accept', { driverId }), 404, 'CALL_NOT_FOUND');
    expectError(await api.post(`/api/calls/${await requestRide(api, 'p-404')}/accept`, { driverId: 'no-such-driver' }), 404, 'DRIVER_NOT_FOUND');
    expectError(await api.post('/api/drivers/no-such-driver/online', { location: { lat: 37.5, lng: 127 } }), 404, 'DRIVER_NOT_FOUND');
    expectError(await api.get('/api/nothing-here'), 404, 'ROUTE_NOT_FOUND');
  });

  it('rejects a driver without a location going online, and a bad Idempotency-Key', async () => {
    const driverId = await onlineDriver(api, 'Yoon');
    expectError(await api.post(`/api/drivers/${driverId}/online`, { location: { lat: 'north' } }), 400, 'VALIDATION_ERROR');
    const badKey = await api.post(
      '/api/calls',
      { passengerId: 'p', pickup: seoul.station, destination: seoul.gangnam },
      { 'Idempotency-Key': 'has spaces' },
    );
    expectError(badKey, 400, 'VALIDATION_ERROR');
  });
});
