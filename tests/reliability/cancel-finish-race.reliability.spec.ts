import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { type RunningSimulator, startPaymentGatewaySimulator } from '../../src/infrastructure/payment-gateway/simulator.js';
import { type ApiClient, apiClient, onlineDriver, requestRide } from '../support/http-client.js';
import { eventStoreOf, eventually, paymentStatuses } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { UNLIMITED, seedFromEnv, seededRandom, summary } from './support/report.js';

/**
 * "An operator-cancelled ride is never charged" under a race: the finish checks the call, then
 * appends elsewhere, so a cancel landing in between is not seen there. The rule then is no net
 * charge (docs/architecture.md): per ride, nothing charged, or one charge and exactly its refund.
 */
describe('Reliability: operator cancels racing finishes', () => {
  let simulator: RunningSimulator;
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    simulator = await startPaymentGatewaySimulator({ seed: 19 });
    app = await startTestApp({ ...UNLIMITED, PAYMENT_GATEWAY_URL: simulator.url });
    api = apiClient(app.url);
  });
  after(async () => {
    await app.stop();
    await simulator.close();
  });

  it('30 rides, each finished and operator-cancelled at random offsets: no ride ends charged', async function () {
    this.timeout(120_000);
    const seed = seedFromEnv();
    const random = seededRandom(seed);
    const drivers = await Promise.all(Array.from({ length: 30 }, (_, i) => onlineDriver(api, `Finisher${i}`)));
    const rides = await Promise.all(
      drivers.map(async (driverId, i) => {
        const callId = await requestRide(api, `p-cancel-race-${i}`);
        await api.post(`/api/calls/${callId}/accept`, { driverId });
        await api.post(`/api/calls/${callId}/start`, { driverId });
        return { callId, driverId };
      }),
    );
    const answers = await Promise.all(
      rides.map(async ({ callId, driverId }) => {
        const [finished, cancelled] = await Promise.all([
          sleep(Math.floor(random() * 30)).then(() => api.post(`/api/calls/${callId}/finish`, { driverId })),
          sleep(Math.floor(random() * 30)).then(() => api.post(`/api/calls/${callId}/operator-cancel`, { reason: 'race' })),
        ]);
        return { callId, finish: `${finished.status}${finished.body.error ? ` ${finished.body.error.code}` : ''}`, cancel: cancelled.status };
      }),
    );
    const store = eventStoreOf(app.container);
    const callIds = rides.map((r) => r.callId);
    await eventually(
      async () => [...(await paymentStatuses(store, callIds)).values()].every((s) => ['NONE', 'FAILED', 'REFUNDED'].includes(s)),
      30_000,
      'no payment left open or approved',
      100,
    );

    const standing: string[] = [];
    for (const callId of callIds) {
      const { charges } = (await (await fetch(`${simulator.url}/charges?reference=pay-${callId}`)).json()) as {
        charges: Array<{ amount: { amount: number }; refundedAmount: number }>;
      };
      if (charges.length > 1 || charges.some((c) => c.refundedAmount !== c.amount.amount)) standing.push(`${callId}: ${JSON.stringify(charges)}`);
    }
    const statuses = [...(await paymentStatuses(store, callIds)).values()];
    const tally = (values: Array<string | number>) =>
      [...values.reduce((m, v) => m.set(String(v), (m.get(String(v)) ?? 0) + 1), new Map<string, number>())].map(([k, n]) => `${k}×${n}`).join(' ');
    summary('operator cancels racing finishes', {
      seed,
      finishes: tally(answers.map((a) => a.finish)),
      'payments end': tally(statuses),
      'gateway charges / refunds': `${simulator.stats().chargesCreated} / ${simulator.stats().refundsCreated}`,
      'rides left charged': standing.length,
    });
    expect(
      answers.map((a) => a.cancel),
      'every operator cancel accepted',
    ).to.deep.equal(answers.map(() => 200));
    expect(
      answers.filter((a) => a.finish !== '200' && a.finish !== '409 CALL_ALREADY_CANCELLED'),
      'finish answers',
    ).to.deep.equal([]);
    expect(standing, 'rides charged without their refund').to.deep.equal([]);
  });
});
