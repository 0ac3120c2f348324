import { expect } from 'chai';
import { type ApiClient, apiClient, onlineDriver, requestRide } from '../support/http-client.js';
import { eventuallyValue } from '../support/eventually.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

describe('How a person is reached: PUT …/preferences', () => {
  let app: TestApp;
  let api: ApiClient;
  let operator: ApiClient;
  before(async () => {
    app = await startTestApp({ SERVICE_LOCALE: 'ko', AUTO_DISPATCH: 'off' });
    api = apiClient(app.url);
    operator = api.as({ role: 'operator', subject: 'op-lee' });
  });
  after(async () => app.stop());

  it('stores what the passenger chose and keeps the fields not sent', async () => {
    const passenger = api.as({ role: 'passenger', subject: 'p-pref-1' });
    const first = await passenger.request('PUT', '/api/passengers/p-pref-1/preferences', { channel: 'sms', phone: '010-2222-3333' });
    const second = await passenger.request('PUT', '/api/passengers/p-pref-1/preferences', { locale: 'en' });
    expect([first.status, second.status]).to.deep.equal([200, 200]);
    const { position: _position, ...stored } = second.body;
    expect(stored).to.deep.equal({ passengerId: 'p-pref-1', locale: 'en', channel: 'sms', phone: '010-2222-3333' });
    const exported = await passenger.get('/api/passengers/p-pref-1/export');
    expect(exported.body.preferences).to.deep.equal({ locale: 'en', channel: 'sms', phone: '010-2222-3333' });
  });

  it('tells a later call in the chosen language, whatever the browser says', async () => {
    const passenger = api.as({ role: 'passenger', subject: 'p-pref-2' });
    await passenger.request('PUT', '/api/passengers/p-pref-2/preferences', { locale: 'en' });
    await requestRide(passenger, 'p-pref-2', { 'Accept-Language': 'ko-KR' });
    const told = await eventuallyValue(
      async () => ((await passenger.get('/api/passengers/p-pref-2/notifications')).body.items as { message: string }[])[0],
      10_000,
      'the request told',
    );
    expect(told.message).to.equal('We are finding a taxi to Gangnam Station.');
  });

  it('refuses another passenger with 403 and AlimTalk without a number with PHONE_REQUIRED', async () => {
    const other = await api.as({ role: 'passenger', subject: 'p-other' }).request('PUT', '/api/passengers/p-pref-3/preferences', { locale: 'en' });
    const noPhone = await operator.request('PUT', '/api/passengers/p-pref-3/preferences', { channel: 'alimtalk' });
    expect([other.status, noPhone.status, noPhone.body.error.code]).to.deep.equal([403, 409, 'PHONE_REQUIRED']);
  });

  it('stores a driver’s channel, set by an operator; an unknown driver is 404', async () => {
    const driverId = await onlineDriver(api, 'Pref');
    const set = await operator.request('PUT', `/api/drivers/${driverId}/preferences`, { channel: 'alimtalk', phone: '010-4444-5555' });
    const unknown = await operator.request('PUT', '/api/drivers/d-nobody/preferences', { locale: 'en' });
    expect([set.status, set.body.driverId, set.body.channel, set.body.phone]).to.deep.equal([200, driverId, 'alimtalk', '010-4444-5555']);
    expect([unknown.status, unknown.body.error.code]).to.deep.equal([404, 'DRIVER_NOT_FOUND']);
  });
});
