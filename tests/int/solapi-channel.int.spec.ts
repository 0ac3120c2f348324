import { expect } from 'chai';
import type { OutgoingNotification } from '../../src/application/ports/notifier.js';
import { SolapiChannel } from '../../src/infrastructure/notifications/solapi/solapi-channel.js';
import { HttpSolapiSender, SdkSolapiSender } from '../../src/infrastructure/notifications/solapi/solapi-senders.js';
import { type RunningSolapiSimulator, startSolapiSimulator } from '../../src/infrastructure/notifications/solapi/simulator.js';

const account = { apiKey: 'KEY-TEST', apiSecret: 'secret-test', pfId: 'KA01PF-TEST', from: '0215881234' };

const notification = (kind: string, message: string, notificationId = `n-${Math.random()}`): OutgoingNotification => ({
  notificationId,
  recipient: { role: 'passenger', id: 'p-1' },
  callId: 'c-1',
  kind,
  status: 'DISPATCHED',
  message,
  createdAt: '2026-12-07T10:00:00.000Z',
  correlationId: 'c-1',
});
const dispatched = '[택시] 12가3456 김기사 기사님이 배차되었습니다. 곧 도착합니다.';

describe('The SOLAPI adapter against the provider simulator', () => {
  let simulator: RunningSolapiSimulator;
  let channel: SolapiChannel;
  const fail = (mode: string, count = 1) =>
    fetch(`${simulator.url}/admin/failures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode, count }),
    });

  before(async () => {
    simulator = await startSolapiSimulator(account);
    channel = new SolapiChannel(new HttpSolapiSender(simulator.url, account), {
      ...account,
      maxAttempts: 3,
      backoff: { initialDelayMs: 1, maxDelayMs: 5 },
    });
  });
  beforeEach(() => fetch(`${simulator.url}/admin/ledger`, { method: 'DELETE' }));
  after(() => simulator.close());

  it('sends AlimTalk with the template of the message and its variables', async () => {
    const outcome = await channel.deliver(notification('CALL_DISPATCHED', dispatched, 'n-ata'), '010-1234-5678', 'alimtalk');
    expect(outcome).to.deep.equal({ kind: 'delivered', channel: 'alimtalk' });
    const [sent] = simulator.ledger.list();
    expect([sent!.type, sent!.to, sent!.text, sent!.kakaoOptions]).to.deep.equal([
      'ATA',
      '01012345678',
      dispatched,
      { pfId: account.pfId, templateId: 'CALL_DISPATCHED_KO', variables: { '#{차량번호}': '12가3456', '#{기사명}': '김기사' }, disableSms: true },
    ]);
  });

  for (const mode of ['no-kakaotalk', 'template-mismatch']) {
    it(`falls back to SMS when KakaoTalk refuses the message (${mode})`, async () => {
      await fail(mode);
      const outcome = await channel.deliver(notification('CALL_DISPATCHED', dispatched), '010-1234-5678', 'alimtalk');
      expect(outcome).to.deep.equal({ kind: 'delivered', channel: 'sms' });
      expect(simulator.ledger.list().map((sent) => [sent.type, sent.text])).to.deep.equal([['SMS', dispatched]]);
    });
  }

  it('sends a text over 90 bytes as LMS and one of 90 bytes as SMS (Hangul counts 2)', async () => {
    const ninety = '가'.repeat(45);
    await channel.deliver(notification('ANY', ninety), '010-1234-5678', 'sms');
    await channel.deliver(notification('ANY', `${ninety}a`), '010-1234-5678', 'sms');
    expect(simulator.ledger.list().map((sent) => sent.type)).to.deep.equal(['SMS', 'LMS']);
  });

  it('cuts a text to the 2,000 bytes of an LMS', async () => {
    await channel.deliver(notification('ANY', '나'.repeat(1_200)), '010-1234-5678', 'sms');
    expect(simulator.ledger.list().map((sent) => [sent.type, sent.text.length])).to.deep.equal([['LMS', 1_000]]);
  });

  it('answers an invalid number as rejected with the provider’s reason, and sends nothing', async () => {
    const outcome = await channel.deliver(notification('CALL_DISPATCHED', dispatched), '999', 'alimtalk');
    expect(outcome).to.deep.equal({ kind: 'rejected', reason: 'INVALID_RECIPIENT: 수신번호 형식 오류', channel: 'alimtalk' });
    expect(simulator.ledger.list()).to.deep.equal([]);
  });

  it('retries a throttled request and gets it through', async () => {
    await fail('throttle', 2);
    expect(
      await channel.deliver(notification('RIDE_STARTED', '[택시] 운행을 시작했습니다. 안전하고 편안한 이동 되세요.'), '01012345678', 'alimtalk'),
    ).to.deep.equal({
      kind: 'delivered',
      channel: 'alimtalk',
    });
  });

  it('answers unavailable after its attempts when the provider stays down', async () => {
    await fail('outage', 3);
    const outcome = await channel.deliver(
      notification('RIDE_STARTED', '[택시] 운행을 시작했습니다. 안전하고 편안한 이동 되세요.'),
      '01012345678',
      'alimtalk',
    );
    expect(outcome).to.deep.equal({ kind: 'unavailable', reason: 'HTTP 500 InternalError', channel: 'alimtalk' });
  });

  it('counts a redelivery of one notification as a repeat, not a second message', async () => {
    const once = notification('RIDE_STARTED', '[택시] 운행을 시작했습니다. 안전하고 편안한 이동 되세요.', 'n-again');
    await channel.deliver(once, '01012345678', 'alimtalk');
    await channel.deliver(once, '01012345678', 'alimtalk');
    expect(simulator.ledger.list().map((sent) => [sent.customFields.notificationId, sent.repeats])).to.deep.equal([['n-again', 1]]);
  });

  it('refuses a request signed with another secret', async () => {
    const forged = new HttpSolapiSender(simulator.url, { apiKey: account.apiKey, apiSecret: 'not-the-secret' });
    const answer = await forged.send({
      to: '01012345678',
      from: account.from,
      text: 'hi',
      type: 'SMS',
      customFields: { notificationId: 'n-forged' },
    });
    expect(answer).to.deep.equal({ kind: 'refused', code: 'SignatureDoesNotMatch', reason: 'authentication failed' });
  });

  it('speaks the same API as the official SDK (its requests, sent to the simulator, are accepted)', async () => {
    const realFetch = globalThis.fetch;
    // The SDK's endpoint is fixed; only its requests are redirected, for this test.
    globalThis.fetch = ((input: string, init?: RequestInit) =>
      realFetch(String(input).replace('https://api.solapi.com', simulator.url), init)) as typeof fetch;
    try {
      const sdk = new SolapiChannel(new SdkSolapiSender(account), { ...account, maxAttempts: 1 });
      expect(await sdk.deliver(notification('CALL_DISPATCHED', dispatched, 'n-sdk'), '010-1234-5678', 'alimtalk')).to.deep.equal({
        kind: 'delivered',
        channel: 'alimtalk',
      });
      await fail('no-kakaotalk');
      expect(await sdk.deliver(notification('CALL_DISPATCHED', dispatched, 'n-sdk-2'), '010-1234-5678', 'alimtalk')).to.deep.equal({
        kind: 'delivered',
        channel: 'sms',
      });
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(simulator.ledger.list().map((sent) => [sent.customFields.notificationId, sent.type])).to.deep.equal([
      ['n-sdk', 'ATA'],
      ['n-sdk-2', 'SMS'],
    ]);
  });
});
