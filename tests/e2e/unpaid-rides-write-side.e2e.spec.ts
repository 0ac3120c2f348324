import { expect } from 'chai';
import type { CommandHandler } from '../../src/application/command-handler.js';
import { CHECKPOINT_STORE, type CheckpointStore, checkpointNames } from '../../src/application/ports/checkpoint-store.js';
import { READ_STORE, type ReadStore } from '../../src/application/ports/read-store.js';
import { systemActor } from '../../src/domain/shared/actor.js';
import { paymentDecider, paymentIdFor, paymentStream } from '../../src/domain/payment/payment.js';
import { type RunningSimulator, NO_FAULTS, startPaymentGatewaySimulator } from '../../src/infrastructure/payment-gateway/simulator.js';
import { TOKENS } from '../../src/infrastructure/tokens.js';
import { type ApiClient, apiClient, onlineDriver, requestRide, seoul } from '../support/http-client.js';
import { eventually } from '../support/eventually.js';
import { eventStoreOf } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/**
 * The api role alone: no projector and no process manager runs, so every read model stays where it
 * was. A long implicit read wait would show at once if a request still waited for one.
 */
describe('Unpaid rides are decided on the write side, with the read side far behind', function () {
  this.timeout(60_000);
  let simulator: RunningSimulator;
  let app: TestApp;
  let api: ApiClient;

  before(async () => {
    simulator = await startPaymentGatewaySimulator();
    app = await startTestApp({ ROLE: 'api', PAYMENT_GATEWAY_URL: simulator.url, AUTO_DISPATCH: 'off', READ_WAIT_IMPLICIT_MS: '5000' });
    api = apiClient(app.url);
    for (let i = 0; i < 40; i++) await requestRide(api, `p-load-${i}`); // the log runs ahead of every read model
  });
  beforeEach(() => simulator.setFaults(NO_FAULTS));
  after(async () => {
    await app?.stop();
    await simulator?.close();
  });

  const readModelsBehind = async () => {
    const readStore = app.container.get<ReadStore>(READ_STORE);
    const head = await eventStoreOf(app.container).headPosition();
    return { receipts: await readStore.getCheckpoint(checkpointNames.readModel('receipts')), head };
  };

  const declinedRide = async (passengerId: string) => {
    const driverId = await onlineDriver(api, `Dec-${passengerId}`);
    const passenger = api.as({ role: 'passenger', subject: passengerId });
    const { body } = await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.gangnam });
    await api.post(`/api/calls/${body.callId}/accept`, { driverId });
    await api.post(`/api/calls/${body.callId}/start`, { driverId });
    simulator.setFaults({ declineRate: 1 });
    const finished = await api.post(`/api/calls/${body.callId}/finish`, { driverId });
    simulator.setFaults({ declineRate: 0 });
    expect(finished.body.payment.status).to.equal('FAILED');
    return { callId: body.callId as string, paymentId: finished.body.payment.paymentId as string, passenger };
  };
  /** A request, answered without waiting for the read side (the implicit wait is 5 s). */
  const newRequest = async (passenger: ApiClient) => {
    const started = Date.now();
    const answer = await passenger.post('/api/calls', { pickup: seoul.station, destination: seoul.cityHall });
    expect(Date.now() - started, 'answered without waiting for a read model').to.be.below(2_500);
    return answer;
  };

  it('refuses a request after a failed payment (409 UNPAID_RIDE), and takes one once it was paid again (201)', async () => {
    const { callId, passenger } = await declinedRide('p-ws-paid');
    const blocked = await newRequest(passenger);
    expect([blocked.status, blocked.body.error.code, blocked.body.error.details.callId]).to.deep.equal([409, 'UNPAID_RIDE', callId]);
    const paid = await passenger.post(`/api/calls/${callId}/payment/retry`, {});
    expect([paid.status, paid.body.status]).to.deep.equal([200, 'APPROVED']);
    const again = await newRequest(passenger);
    expect([again.status, again.body.error?.code]).to.deep.equal([201, undefined]);
    const { receipts, head } = await readModelsBehind();
    expect(receipts, 'the receipts read model never moved').to.equal(0);
    expect(head, 'the log ran ahead').to.be.above(80);
  });

  it('refuses a request after a failed payment, and takes one once an operator waived it', async () => {
    const { paymentId, passenger } = await declinedRide('p-ws-waived');
    expect((await newRequest(passenger)).status).to.equal(409);
    expect((await api.post(`/api/payments/${paymentId}/waive`, {})).status).to.equal(200);
    expect((await newRequest(passenger)).status).to.equal(201);
    expect((await readModelsBehind()).receipts).to.equal(0);
  });

  it('learns of a payment that failed before the passenger stream kept unpaid rides, once the unpaid-rides process catches up', async () => {
    // A log written before this rule: the payment failed, the passenger's stream never heard of it.
    const commands = app.container.get<CommandHandler>(TOKENS.CommandHandler);
    const callId = 'c-failed-long-ago';
    const paymentId = paymentIdFor(callId);
    const context = { correlationId: callId, causationId: 'old-log', actor: systemActor('test'), timestamp: new Date().toISOString() };
    const amount = { amount: 4800, currency: 'KRW' };
    const at = context.timestamp;
    await commands.handle(
      paymentDecider,
      paymentStream(paymentId),
      { type: 'RequestPayment', data: { paymentId, callId, passengerId: 'p-old', amount, requestedAt: at } },
      context,
    );
    await commands.handle(
      paymentDecider,
      paymentStream(paymentId),
      { type: 'FailPayment', data: { paymentId, callId, reason: 'CARD_DECLINED', failedAt: at } },
      context,
    );
    const passenger = api.as({ role: 'passenger', subject: 'p-old' });
    const workers = await startTestApp({ ROLE: 'workers', DATA_DIR: app.dataDir, AUTO_DISPATCH: 'off' }, { keepDataDir: true });
    try {
      await eventually(
        async () => (await workers.container.get<CheckpointStore>(CHECKPOINT_STORE).getCheckpoint(checkpointNames.process('unpaid-rides'))) > 0,
        20_000,
        'unpaid rides caught up',
      );
      const blocked = await newRequest(passenger);
      expect([blocked.status, blocked.body.error.code, blocked.body.error.details.callId]).to.deep.equal([409, 'UNPAID_RIDE', callId]);
    } finally {
      await workers.stop();
    }
  });
});
