import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { ChargeRequest, CircuitState } from '../../src/application/ports/payment-gateway.js';
import { HttpPaymentGateway, type HttpPaymentGatewayOptions } from '../../src/infrastructure/payment-gateway/http-payment-gateway.js';
import { type RunningSimulator, startPaymentGatewaySimulator } from '../../src/infrastructure/payment-gateway/simulator.js';
import { eventually } from '../support/eventually.js';

const aCharge = (amount = 3_000): ChargeRequest => {
  const paymentId = `payment-${randomUUID()}`;
  return {
    paymentId,
    idempotencyKey: `charge:${paymentId}`,
    amount: { amount, currency: 'KRW' },
    passengerId: 'passenger-1',
    callId: `call-${randomUUID()}`,
  };
};

describe('HTTP payment gateway against the simulator', () => {
  let simulator: RunningSimulator;
  beforeEach(async () => {
    simulator = await startPaymentGatewaySimulator({ port: 0, host: '127.0.0.1', seed: 42 });
  });
  afterEach(() => simulator.close());

  // Patient unless a test is about time: a cold first request on a busy CI box can take a second,
  // and a retry it caused would break the request counts the tests assert.
  const gateway = (options: Partial<HttpPaymentGatewayOptions> = {}) =>
    new HttpPaymentGateway({ baseUrl: simulator.url, attemptTimeoutMs: 5_000, budgetMs: 10_000, ...options });
  const chargesFor = async (paymentId: string): Promise<Array<{ chargeId: string }>> => {
    const response = await fetch(`${simulator.url}/charges?reference=${encodeURIComponent(paymentId)}`);
    return ((await response.json()) as { charges: Array<{ chargeId: string }> }).charges;
  };

  it('approves a charge and the gateway books it once', async () => {
    const request = aCharge();
    const outcome = await gateway().charge(request);
    expect(outcome.kind).to.equal('approved');
    const charges = await chargesFor(request.paymentId);
    expect(charges.map((c) => c.chargeId)).to.deep.equal([outcome.kind === 'approved' && outcome.gatewayReference]);
    expect(simulator.stats()).to.include({ chargesCreated: 1, requestsReceived: 1 });
  });

  it('answers a repeated idempotency key with the original charge instead of a second one', async () => {
    const request = aCharge();
    const first = await gateway().charge(request);
    const second = await gateway().charge(request);
    expect(second).to.deep.equal(first);
    expect(await chargesFor(request.paymentId)).to.have.length(1);
    expect(simulator.stats()).to.include({ chargesCreated: 1, requestsReceived: 2, replays: 1 });
  });

  describe('when the gateway answers slower than the attempt timeout', () => {
    it('retries with the same key, and the charge booked by the abandoned attempts exists exactly once', async () => {
      simulator.setFaults({ latencyMs: 500 });
      const client = gateway({ attemptTimeoutMs: 200, budgetMs: 1_000 });
      const request = aCharge();
      expect(await client.charge(request)).to.deep.equal({ kind: 'unavailable', reason: 'timeout' });
      expect(simulator.stats().requestsReceived).to.be.at.least(2);
      const booked = await chargesFor(request.paymentId);
      expect(booked).to.have.length(1);

      // The later "pay later" retry finds the charge the gateway made while nobody listened.
      simulator.setFaults({ latencyMs: 0 });
      expect(await client.charge(request)).to.deep.equal({ kind: 'approved', gatewayReference: booked[0]!.chargeId });
      expect(simulator.stats().chargesCreated).to.equal(1);
    });
  });

  describe('looking a charge up by its reference (reconciliation)', () => {
    it('finds the charge a timed-out attempt booked, and nothing for a payment never charged', async () => {
      simulator.setFaults({ latencyMs: 500 });
      const client = gateway({ attemptTimeoutMs: 200, budgetMs: 1_000, maxAttempts: 1 });
      const request = aCharge();
      expect((await client.charge(request)).kind).to.equal('unavailable');
      const [booked] = await chargesFor(request.paymentId);
      expect(await client.findCharge(request.paymentId)).to.deep.equal({ kind: 'found', gatewayReference: booked!.chargeId });
      expect(await client.findCharge(aCharge().paymentId)).to.deep.equal({ kind: 'none' });
    });

    it('answers unavailable, never none, when the gateway cannot be reached', async () => {
      const unreachable = new HttpPaymentGateway({ baseUrl: 'http://127.0.0.1:9', attemptTimeoutMs: 200, budgetMs: 500, maxAttempts: 1 });
      expect((await unreachable.findCharge('payment-unknown')).kind).to.equal('unavailable');
    });
  });

  describe('when 30 % of the requests fail', () => {
    it('ends every charge approved or unavailable, and never charges a payment twice', async () => {
      simulator.setFaults({ errorRate: 0.3 });
      // The breaker has its own test; here (and on a slow CI box) it must not hide the retries under test.
      const client = gateway({ attemptTimeoutMs: 800, budgetMs: 2_000, breaker: { consecutiveFailures: 1_000 } });
      const requests = Array.from({ length: 50 }, () => aCharge());
      const results = [];
      for (let batch = 0; batch < requests.length; batch += 10) {
        results.push(...(await Promise.all(requests.slice(batch, batch + 10).map((r) => client.charge(r)))));
      }
      for (const [i, outcome] of results.entries()) {
        expect(outcome.kind).to.be.oneOf(['approved', 'unavailable']);
        const charges = await chargesFor(requests[i]!.paymentId);
        expect(charges.length).to.be.at.most(1);
        if (outcome.kind === 'approved') expect(charges.map((c) => c.chargeId)).to.deep.equal([outcome.gatewayReference]);
      }
      const approved = results.filter((r) => r.kind === 'approved').length;
      expect(approved).to.be.at.least(40);
      const stats = simulator.stats();
      expect(stats.errorsInjected).to.be.greaterThan(0);
      // Some 500s came after booking: their retries were answered from the idempotency store.
      expect(stats.replays).to.be.greaterThan(0);
      expect(stats.chargesCreated).to.be.at.most(50);
    });
  });

  describe('when the gateway is down', () => {
    const breakerClient = () =>
      gateway({
        attemptTimeoutMs: 300,
        budgetMs: 1_000,
        backoff: { initialDelayMs: 20, maxDelayMs: 100 },
        breaker: { consecutiveFailures: 3, halfOpenAfterMs: 400 },
      });

    it('returns unavailable, opens the breaker and stops calling the gateway', async () => {
      simulator.setFaults({ outage: true });
      const client = breakerClient();
      expect((await client.charge(aCharge())).kind).to.equal('unavailable');
      expect(client.circuitState()).to.equal('open');

      const reached = simulator.stats().requestsReceived;
      expect(await client.charge(aCharge())).to.deep.equal({ kind: 'unavailable', reason: 'circuit breaker open' });
      expect(simulator.stats().requestsReceived).to.equal(reached);
    });

    it('closes the breaker with a successful call once the gateway is back after halfOpenAfter', async () => {
      simulator.setFaults({ outage: true });
      const client = breakerClient();
      const states: CircuitState[] = [];
      client.onBreakerStateChange((state) => states.push(state));
      await client.charge(aCharge());
      expect(client.circuitState()).to.equal('open');

      simulator.setFaults({ outage: false });
      // Open: calls are refused without reaching the gateway until halfOpenAfter lets one through.
      await eventually(async () => (await client.charge(aCharge())).kind === 'approved', 5_000, 'a call let through after halfOpenAfter', 10);
      expect(client.circuitState()).to.equal('closed');
      expect(states).to.deep.equal(['open', 'half-open', 'closed']);
    });

    it('treats a gateway that refuses connections as unavailable', async () => {
      await simulator.close();
      const outcome = await gateway({ maxAttempts: 2 }).charge(aCharge());
      expect(outcome).to.have.property('kind', 'unavailable');
      expect(outcome)
        .to.have.property('reason')
        .that.matches(/^connection failed: .*ECONNREFUSED/);
    });
  });

  describe('when the gateway declines', () => {
    it('does not retry a decline and keeps the breaker closed', async () => {
      const client = gateway({ breaker: { consecutiveFailures: 1 } });
      expect(await client.charge(aCharge(5_000_000))).to.deep.equal({ kind: 'declined', reason: 'CARD_LIMIT_EXCEEDED' });
      expect(simulator.stats().requestsReceived).to.equal(1);
      expect(client.circuitState()).to.equal('closed');
    });

    it('refuses an idempotency key reused for a different amount', async () => {
      const client = gateway();
      const request = aCharge(3_000);
      await client.charge(request);
      const reused = await client.charge({ ...request, amount: { amount: 4_000, currency: 'KRW' } });
      expect(reused).to.deep.equal({ kind: 'declined', reason: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await chargesFor(request.paymentId)).to.have.length(1);
    });
  });

  describe('when answers are slow or erratic', () => {
    // The answers take far longer than the test's own timeout: only a client that gives up at its
    // budget (the client's, or the one given with the call) can answer at all.
    it('gives up at its budget, before the gateway answers', async () => {
      simulator.setFaults({ latencyMs: 60_000 });
      const client = gateway({ attemptTimeoutMs: 60_000, budgetMs: 300, breaker: { consecutiveFailures: 50 } });
      const outcomes = await Promise.all(Array.from({ length: 5 }, () => client.charge(aCharge())));
      expect(outcomes.map((outcome) => outcome.kind)).to.deep.equal(Array(5).fill('unavailable'));
      expect((await gateway({ attemptTimeoutMs: 60_000 }).charge(aCharge(), { budgetMs: 250 })).kind).to.equal('unavailable');
    });

    it("gives up at once when the caller aborts, with the caller's reason", async () => {
      simulator.setFaults({ latencyMs: 60_000 });
      const caller = new AbortController();
      const charging = gateway({ attemptTimeoutMs: 60_000, budgetMs: 60_000 })
        .charge(aCharge(), { signal: caller.signal })
        .then(
          () => null,
          (e: unknown) => e,
        );
      await eventually(() => simulator.stats().requestsReceived === 1, 5_000, 'the charge reached the gateway', 10);
      caller.abort(new Error('shutting down'));
      expect(await charging)
        .to.be.instanceOf(Error)
        .with.property('message', 'shutting down');
    });
  });

  describe('refunds', () => {
    const approvedCharge = async () => {
      const request = aCharge();
      const outcome = await gateway().charge(request);
      if (outcome.kind !== 'approved') throw new Error(`charge was ${outcome.kind}`);
      return { request, gatewayReference: outcome.gatewayReference };
    };

    it('refunds an approved charge', async () => {
      const { request, gatewayReference } = await approvedCharge();
      const refund = await gateway().refund({
        paymentId: request.paymentId,
        idempotencyKey: `refund:${request.paymentId}`,
        gatewayReference,
        amount: request.amount,
      });
      expect(refund.kind).to.equal('refunded');
      expect(simulator.stats().refundsCreated).to.equal(1);
    });

    it('refunds once for a repeated refund key, and refuses a second refund under another key', async () => {
      const { request, gatewayReference } = await approvedCharge();
      const refund = { paymentId: request.paymentId, idempotencyKey: `refund:${request.paymentId}`, gatewayReference, amount: request.amount };
      const first = await gateway().refund(refund);
      expect(await gateway().refund(refund)).to.deep.equal(first);
      expect(await gateway().refund({ ...refund, idempotencyKey: 'another-key' })).to.deep.equal({
        kind: 'declined',
        reason: 'CHARGE_ALREADY_REFUNDED',
      });
      expect(simulator.stats().refundsCreated).to.equal(1);
    });
  });
});

describe('Payment gateway simulator', () => {
  let simulator: RunningSimulator;
  beforeEach(async () => {
    simulator = await startPaymentGatewaySimulator({ port: 0, host: '127.0.0.1', seed: 19 });
  });
  afterEach(() => simulator.close());

  const send = (method: string, path: string, body?: object) =>
    fetch(`${simulator.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const charge = { idempotencyKey: 'k-1', amount: { amount: 1_000, currency: 'KRW' }, reference: 'payment-1' };

  it('takes faults at runtime over HTTP, refuses unknown ones, and forgets everything on reset', async () => {
    expect((await send('PUT', '/admin/faults', { outage: true, meltdown: true })).status).to.equal(400);
    expect(await (await send('PUT', '/admin/faults', { outage: true })).json()).to.include({ outage: true, errorRate: 0 });
    const refused = await send('POST', '/charges', charge);
    expect(refused.status).to.equal(503);
    expect(refused.headers.get('retry-after')).to.equal('1');

    expect((await send('POST', '/admin/reset')).status).to.equal(204);
    expect(await (await send('GET', '/stats')).json()).to.include({ requestsReceived: 0, errorsInjected: 0, chargesCreated: 0 });
    expect((await send('POST', '/charges', charge)).status).to.equal(201);
  });

  it('marks a repeated key as a replay and refuses the key with a different body', async () => {
    const first = await send('POST', '/charges', charge);
    const replay = await send('POST', '/charges', charge);
    expect(replay.headers.get('idempotent-replayed')).to.equal('true');
    expect(await replay.json()).to.deep.equal(await first.json());
    const reused = await send('POST', '/charges', { ...charge, reference: 'payment-2' });
    expect(reused.status).to.equal(422);
    expect(await reused.json()).to.have.nested.property('error.code', 'IDEMPOTENCY_KEY_REUSED');
  });
});
