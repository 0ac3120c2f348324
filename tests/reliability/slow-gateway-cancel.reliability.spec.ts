import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { type RunningSimulator, NO_FAULTS, startPaymentGatewaySimulator } from '../../src/infrastructure/payment-gateway/simulator.js';
import { settledCancelledRides } from '../support/gateway-ledger.js';
import { type ApiClient, apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { UNLIMITED, seedFromEnv, seededRandom, summary } from './support/report.js';

/**
 * No net charge, ever, against a slow gateway: each ride's charge is still in flight (booked at the
 * gateway, answered after the client's budget) when an operator cancels it. Afterwards the gateway's
 * books hold no unrefunded charge for any cancelled ride, and the service's payment status says what
 * happened. Default PAYMENT_BUDGET_MS and settle time: the defaults are what runs in production.
 */
describe('Reliability: operator cancels while a charge is in flight at a slow gateway', () => {
  let simulator: RunningSimulator;
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    simulator = await startPaymentGatewaySimulator({ seed: 23 });
    // The breaker is not under test: opened by the outage below, it would keep the charges in question from being sent.
    app = await startTestApp({ ...UNLIMITED, AUTO_DISPATCH: 'off', PAYMENT_GATEWAY_URL: simulator.url, PAYMENT_GATEWAY_BREAKER_FAILURES: '1000' });
    api = apiClient(app.url);
  });
  beforeEach(async () => {
    await fetch(`${simulator.url}/admin/reset`, { method: 'POST' });
    simulator.setFaults(NO_FAULTS);
  });
  after(async () => {
    await app.stop();
    await simulator.close();
  });

  const drivingRides = (prefix: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const driverId = await onlineDriver(api, `${prefix}${i}`);
        const passenger = api.as({ role: 'passenger', subject: `p-${prefix}-${i}` });
        const { body } = await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.gangnam });
        await api.post(`/api/calls/${body.callId}/accept`, { driverId });
        await api.post(`/api/calls/${body.callId}/start`, { driverId });
        return { callId: body.callId as string, driverId, passenger };
      }),
    );

  const cancelAfter = (callId: string, delayMs: number) =>
    sleep(delayMs).then(() => api.post(`/api/calls/${callId}/operator-cancel`, { reason: 'reliability' }));

  const report = async (name: string, seed: number, callIds: string[], answers: number[][]) => {
    const settled = await settledCancelledRides(api, simulator.url, callIds, 60_000);
    const left = settled.filter((ride) => ride.net !== 0 || ride.story !== ride.expected);
    summary(name, {
      seed,
      rides: callIds.length,
      'gateway charges / refunds': `${simulator.stats().chargesCreated} / ${simulator.stats().refundsCreated}`,
      'rides left charged or mislabelled': left.length,
    });
    expect(
      answers.flat().filter((status) => status !== 200),
      'every request answered 200',
    ).to.deep.equal([]);
    expect(left.map((ride) => `${ride.story} (net ${ride.net})`)).to.deep.equal([]);
    // Else the race did not happen: every ride's charge must have reached the gateway before the cancel.
    expect(simulator.stats().chargesCreated, 'charges booked').to.equal(callIds.length);
  };

  it('8 rides finished at 2,500 ms latency, each cancelled 50–210 ms later: none keeps a charge', async function () {
    this.timeout(120_000);
    const seed = seedFromEnv();
    const random = seededRandom(seed);
    const rides = await drivingRides('Fin', 8);
    simulator.setFaults({ latencyMs: 2_500 });
    const answers = await Promise.all(
      rides.map(async ({ callId, driverId }) => {
        const [finished, cancelled] = await Promise.all([
          api.post(`/api/calls/${callId}/finish`, { driverId }),
          cancelAfter(callId, 50 + Math.floor(random() * 161)),
        ]);
        return [finished.status, cancelled.status];
      }),
    );
    await report(
      'finish then cancel at a slow gateway',
      seed,
      rides.map((r) => r.callId),
      answers,
    );
  });

  it('6 payments paid again or charged now at 3,000 ms latency, each cancelled ~300 ms later: none keeps a charge', async function () {
    this.timeout(120_000);
    const seed = seedFromEnv();
    const random = seededRandom(seed);
    const rides = await drivingRides('Again', 6);
    // Half declined (the passenger pays again), then half left pending by an outage (an operator charges now): declines first, so the outage never opens the breaker on them.
    const finished: Array<{ paymentId: string; status: string }> = [];
    for (const [i, { callId, driverId }] of rides.entries()) {
      simulator.setFaults(i < 3 ? { declineRate: 1 } : { outage: true });
      finished.push((await api.post(`/api/calls/${callId}/finish`, { driverId })).body.payment);
    }
    expect(finished.map((p) => p.status).sort()).to.deep.equal(['FAILED', 'FAILED', 'FAILED', 'PENDING', 'PENDING', 'PENDING']);
    simulator.setFaults({ ...NO_FAULTS, latencyMs: 3_000 });
    const answers = await Promise.all(
      rides.map(async ({ callId, passenger }, i) => {
        const pay =
          finished[i]!.status === 'FAILED'
            ? passenger.post(`/api/calls/${callId}/payment/retry`, {})
            : api.post(`/api/payments/${finished[i]!.paymentId}/retry`, {});
        const [paid, cancelled] = await Promise.all([pay, cancelAfter(callId, 250 + Math.floor(random() * 101))]);
        return [paid.status, cancelled.status];
      }),
    );
    await report(
      'pay again or charge now, then cancel, at a slow gateway',
      seed,
      rides.map((r) => r.callId),
      answers,
    );
  });
});
