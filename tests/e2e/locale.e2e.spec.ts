import { expect } from 'chai';
import { type ApiClient, apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { eventuallyValue } from '../support/eventually.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

type Notification = { kind: string; message: string };

/** The passenger is told in their language: the request's choice, else the browser's, else the service's. */
describe('Notifications in the passenger’s language', () => {
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    app = await startTestApp({ SERVICE_LOCALE: 'ko' });
    api = apiClient(app.url);
  });
  after(async () => app.stop());

  /** A whole ride for the passenger, then what they were told, oldest first. */
  const rideAndTold = async (passengerId: string, body: object, headers: Record<string, string>) => {
    const driverId = await onlineDriver(api, `Lang${passengerId}`);
    const { body: requested } = await api.post('/api/calls', { passengerId, pickup: seoul.station, destination: seoul.gangnam, ...body }, headers);
    const callId = requested.callId as string;
    await api.post(`/api/calls/${callId}/accept`, { driverId });
    await api.post(`/api/calls/${callId}/start`, { driverId });
    await api.post(`/api/calls/${callId}/finish`, { driverId });
    return eventuallyValue(
      async () => {
        const { body: told } = await api.get(`/api/passengers/${passengerId}/notifications`);
        const items = (told.items as Notification[]).slice().reverse();
        return items.some((item) => item.kind === 'PAYMENT_APPROVED') && items;
      },
      10_000,
      'the whole ride told',
    );
  };

  it('writes Korean for a Korean browser, as a Korean taxi app would, amounts in 원', async () => {
    const told = await rideAndTold('p-lang-ko', {}, { 'Accept-Language': 'ko-KR,ko;q=0.9,en;q=0.5' });
    expect(told.map((item) => item.message)).to.deep.equal([
      '[택시] Gangnam Station(으)로 가는 택시를 찾고 있습니다.',
      '[택시] Lang-1234 Langp-lang-ko 기사님이 배차되었습니다. 곧 도착합니다.',
      '[택시] 운행을 시작했습니다. 안전하고 편안한 이동 되세요.',
      told[3]!.message,
      '[택시] 결제가 완료되었습니다. 이용해 주셔서 감사합니다.',
    ]);
    expect(told[3]!.message).to.match(/^\[택시\] 목적지에 도착했습니다\. 요금은 [1-9][\d,]*원입니다\.$/);
  });

  it('writes English for an English browser, and for a passenger who asks for it whatever the browser says', async () => {
    const byBrowser = await rideAndTold('p-lang-en', {}, { 'Accept-Language': 'en-GB,en;q=0.8' });
    const byChoice = await rideAndTold('p-lang-choice', { locale: 'en' }, { 'Accept-Language': 'ko-KR' });
    for (const told of [byBrowser, byChoice]) {
      expect(told[0]!.message).to.equal('We are finding a taxi to Gangnam Station.');
      expect(told[3]!.message).to.match(/^You have arrived\. The fare is [1-9][\d,]* KRW\.$/);
    }
  });

  it('falls back to SERVICE_LOCALE for a browser that names no language the service speaks', async () => {
    const told = await rideAndTold('p-lang-fr', {}, { 'Accept-Language': 'fr-FR' });
    expect(told[0]!.message).to.equal('[택시] Gangnam Station(으)로 가는 택시를 찾고 있습니다.');
  });
});
