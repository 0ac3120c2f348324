import { expect } from 'chai';
import { type ApiClient, apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

describe('Operator commands', () => {
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
  });
  after(async () => app.stop());

  const rideToTheEnd = async (rideType: string) => {
    const driverId = await onlineDriver(api, 'Op');
    const { body } = await api.post('/api/calls', { passengerId: 'p-op', pickup: seoul.station, destination: seoul.gangnam, rideType });
    await api.post(`/api/calls/${body.callId}/accept`, { driverId });
    await api.post(`/api/calls/${body.callId}/start`, { driverId });
    return { callId: body.callId as string, finished: await api.post(`/api/calls/${body.callId}/finish`, { driverId }) };
  };

  it('prices a ride with the tariff the operator set for its ride type', async () => {
    const set = await api.request('PUT', '/api/tariffs/DELUXE', { amountPerStartedMinute: 2500, minimumMinutes: 2 });
    expect(set.status).to.equal(200);
    const { finished } = await rideToTheEnd('DELUXE');
    expect(finished.body.fare).to.deep.equal({ amount: 5000, currency: 'KRW' });
    const standard = await rideToTheEnd('STANDARD');
    expect(standard.finished.body.fare).to.deep.equal({ amount: 1000, currency: 'KRW' });
    const tariffs = await api.get('/api/tariffs');
    expect(tariffs.body.find((t: { rideType: string }) => t.rideType === 'DELUXE')).to.include({ amountPerStartedMinute: 2500, minimumMinutes: 2 });
  });

  it('refuses a tariff without a positive rate', async () => {
    const refused = await api.request('PUT', '/api/tariffs/STANDARD', { amountPerStartedMinute: -5 });
    expect([refused.status, refused.body.error.code]).to.deep.equal([400, 'VALIDATION_ERROR']);
  });

  it('may force-cancel a finished ride, which a passenger may not', async () => {
    const { callId } = await rideToTheEnd('STANDARD');
    const passenger = await api.post(`/api/calls/${callId}/cancel`, {});
    expect([passenger.status, passenger.body.error.code]).to.deep.equal([409, 'RIDE_ALREADY_FINISHED']);
    const operator = await api.post(`/api/calls/${callId}/operator-cancel`, { reason: 'fare complaint' });
    expect([operator.status, operator.body.status]).to.deep.equal([200, 'CANCELLED']);
  });
});
