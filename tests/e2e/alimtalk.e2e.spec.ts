import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningSolapiSimulator, startSolapiSimulator } from '../../src/infrastructure/notifications/solapi/simulator.js';
import { SIMULATED_ACCOUNT } from '../../src/infrastructure/notifications/open-notifier.js';
import { eventuallyValue } from '../support/eventually.js';
import { type ApiClient, apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const RIDE = ['CALL_REQUESTED', 'CALL_DISPATCHED', 'TAXI_ARRIVED', 'RIDE_STARTED', 'RIDE_FINISHED', 'PAYMENT_APPROVED'];

describe('Phone-booked passengers are told by KakaoTalk AlimTalk, in their language', () => {
  let simulator: RunningSolapiSimulator;
  let app: TestApp;
  let api: ApiClient;
  let operator: ApiClient;
  before(async () => {
    simulator = await startSolapiSimulator(SIMULATED_ACCOUNT);
    app = await startTestApp({ AUTO_DISPATCH: 'off', SOLAPI_BASE_URL: simulator.url });
    api = apiClient(app.url);
    operator = api.as({ role: 'operator', subject: 'op-park' });
  });
  after(async () => {
    await app.stop();
    await simulator.close();
  });

  const sentTo = (digits: string) => simulator.ledger.list().filter((sent) => sent.to === digits);
  const book = async (phone: string, locale: 'ko' | 'en') => {
    const { body } = await operator.post('/api/bookings', { phone, name: 'Choi', pickup: seoul.station, destination: seoul.gangnam, locale });
    return body as { callId: string; passengerId: string };
  };
  const rideThrough = async (callId: string, name: string) => {
    const driverId = await onlineDriver(api, name);
    const driver = api.as({ role: 'driver', subject: driverId });
    await driver.post(`/api/calls/${callId}/accept`, { driverId });
    expect((await driver.post(`/api/calls/${callId}/arrive`, { driverId })).status).to.equal(200);
    await driver.post(`/api/calls/${callId}/start`, { driverId });
    await driver.post(`/api/calls/${callId}/finish`, { driverId });
  };
  const wholeRideTold = (digits: string) =>
    eventuallyValue(() => sentTo(digits).length >= RIDE.length && sentTo(digits), 15_000, 'the whole ride told');

  it('sends the whole ride as Korean AlimTalk, each with its template, the fare in 원', async () => {
    const { callId } = await book('010-3333-4444', 'ko');
    await rideThrough(callId, 'Kim');
    const sent = await wholeRideTold('01033334444');
    expect(sent.map((message) => [message.type, message.kakaoOptions?.templateId])).to.deep.equal(RIDE.map((kind) => ['ATA', `${kind}_KO`]));
    expect(sent[1]!.text).to.equal('[택시] Kim-1234 Kim 기사님이 배차되었습니다. 곧 도착합니다.');
    expect(sent[4]!.text).to.match(/^\[택시\] 목적지에 도착했습니다\. 요금은 [1-9][\d,]*원입니다\.$/);
  });

  it('sends an English-speaking passenger the English texts', async () => {
    const { callId } = await book('010-5555-6666', 'en');
    await rideThrough(callId, 'Lee');
    const sent = await wholeRideTold('01055556666');
    expect(sent.map((message) => message.kakaoOptions?.templateId)).to.deep.equal(RIDE.map((kind) => `${kind}_EN`));
    expect(sent[3]!.text).to.equal('Your ride has started. Enjoy the trip.');
  });

  it('shows operators each delivery with its channel', async () => {
    const { callId, passengerId } = await book('010-7777-8888', 'ko');
    await rideThrough(callId, 'Han');
    await wholeRideTold('01077778888');
    const items = await eventuallyValue(
      async () => {
        const found = (await operator.get(`/api/deliveries?role=passenger&personId=${passengerId}`)).body.items as { kind: string }[];
        return found.length >= RIDE.length && found;
      },
      10_000,
      'the deliveries recorded',
    );
    const seen = (items as { kind: string; channel: string; status: string; reason: string | null }[])
      .map(({ kind, channel, status, reason }) => ({ kind, channel, status, reason }))
      .sort((a, b) => RIDE.indexOf(a.kind) - RIDE.indexOf(b.kind));
    expect(seen).to.deep.equal(RIDE.map((kind) => ({ kind, channel: 'alimtalk', status: 'DELIVERED', reason: null })));
  });

  it('after erasure keeps the number in no store and sends nothing more', async () => {
    const phone = '010-2468-1357';
    const digits = '01024681357';
    const admin = (method: string, path: string, body?: object) =>
      fetch(`${simulator.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    // The provider refuses this number for now (an invalid number): the ride's messages are parked.
    await admin('POST', '/admin/failures', { mode: 'invalid-number', to: digits, count: 1_000 });
    const { callId, passengerId } = await book(phone, 'ko');
    await operator.post(`/api/calls/${callId}/cancel`, { reason: 'passenger called back' });
    const parked = await eventuallyValue(
      async () => {
        const items = (await operator.get('/api/dead-letters')).body.items as { id: string; notification: { callId: string } }[];
        const ours = items.filter((item) => item.notification.callId === callId);
        return ours.length === 2 && ours;
      },
      10_000,
      'the request and the cancellation parked',
    );
    expect((await operator.request('DELETE', `/api/passengers/${passengerId}`)).status).to.equal(200);
    await admin('DELETE', '/admin/failures');

    for (const letter of parked) expect((await operator.post(`/api/dead-letters/${letter.id}/replay`)).status).to.equal(200);
    expect(sentTo(digits), 'messages sent after the erasure').to.deep.equal([]);
    const recorded = (await operator.get(`/api/deliveries?role=passenger&personId=${passengerId}`)).body.items as {
      channel: string;
      status: string;
    }[];
    expect(recorded.map(({ channel, status }) => `${status} ${channel}`).sort()).to.deep.equal(['DELIVERED none', 'DELIVERED none']);

    const files = readdirSync(app.dataDir).filter((file) => !file.endsWith('-shm'));
    const holding = files.filter((file) => {
      const raw = readFileSync(join(app.dataDir, file)).toString('latin1');
      return raw.includes(phone) || raw.includes(digits);
    });
    expect(holding, 'files holding the number in clear').to.deep.equal([]);
  });

  it('parks what the provider does not take while it is down, and a replay delivers it once', async () => {
    const digits = '01013572468';
    await fetch(`${simulator.url}/admin/failures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'outage', to: digits, count: 1_000 }),
    });
    const { callId } = await book('010-1357-2468', 'ko');
    const letter = await eventuallyValue(
      async () =>
        ((await operator.get('/api/dead-letters')).body.items as { id: string; reason: string; notification: { callId: string } }[]).find(
          (item) => item.notification.callId === callId,
        ),
      15_000,
      'the request parked',
    );
    expect(letter.reason).to.equal('HTTP 500 InternalError');
    await fetch(`${simulator.url}/admin/failures`, { method: 'DELETE' });
    expect((await operator.post(`/api/dead-letters/${letter.id}/replay`)).status).to.equal(200);
    expect((await operator.post(`/api/dead-letters/${letter.id}/replay`)).status).to.equal(404);
    expect(sentTo(digits).map((sent) => sent.kakaoOptions?.templateId)).to.deep.equal(['CALL_REQUESTED_KO']);
    await operator.post(`/api/calls/${callId}/cancel`, { reason: 'done' });
  });

  it('tells a driver on the channel they chose, in their language, when their call is cancelled', async () => {
    const driverId = await onlineDriver(api, 'Yoon');
    const driver = api.as({ role: 'driver', subject: driverId });
    await driver.request('PUT', `/api/drivers/${driverId}/preferences`, { channel: 'sms', phone: '010-9999-0000', locale: 'ko' });
    const { callId } = await book('010-8642-9753', 'ko');
    await driver.post(`/api/calls/${callId}/accept`, { driverId });
    await operator.post(`/api/calls/${callId}/cancel`, { reason: 'passenger called back' });
    const sent = await eventuallyValue(() => sentTo('01099990000').length > 0 && sentTo('01099990000'), 10_000, 'the driver told');
    expect(sent.map((message) => [message.type, message.text])).to.deep.equal([
      ['SMS', '[택시] 고객센터에서 호출을 취소했습니다. 다음 호출을 받으실 수 있습니다.'],
    ]);
  });

  it('sends nothing outside the app to a passenger who chose the app only', async () => {
    const { callId, passengerId } = await book('010-1111-2222', 'ko');
    await operator.post(`/api/calls/${callId}/cancel`, { reason: 'rebooking' });
    await operator.request('PUT', `/api/passengers/${passengerId}/preferences`, { channel: 'app' });
    const again = await book('010-1111-2222', 'ko');
    const told = await eventuallyValue(
      async () => {
        const items = (await operator.get(`/api/deliveries?role=passenger&personId=${passengerId}`)).body.items as {
          callId: string;
          channel: string;
        }[];
        return items.find((item) => item.callId === again.callId);
      },
      10_000,
      'the second request told',
    );
    expect(told.channel).to.equal('app');
    expect(sentTo('01011112222').filter((sent) => sent.customFields.notificationId && sent.text.includes('찾고'))).to.have.length(1);
  });
});
