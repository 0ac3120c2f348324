import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ApiClient, type ApiResponse, apiClient, onlineDriver, requestRide } from '../support/http-client.js';
import { eventStoreOf } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { callHistoryProblems, currentCallOf, driverHistoryProblems, readHistory } from './support/histories.js';
import { UNLIMITED, seedFromEnv, seededRandom, summary } from './support/report.js';

describe('Reliability: races on one call', () => {
  let app: TestApp;
  let api: ApiClient;
  before(async () => {
    app = await startTestApp(UNLIMITED);
    api = apiClient(app.url);
  });
  after(async () => app.stop());

  it('50 concurrent accepts: exactly one winner, every loser told CALL_ALREADY_DISPATCHED and left free', async function () {
    this.timeout(60_000);
    const drivers = await Promise.all(Array.from({ length: 50 }, (_, i) => onlineDriver(api, `Racer${i}`)));
    const callId = await requestRide(api, 'p-race-50');
    const answers = await Promise.all(drivers.map((driverId) => api.post(`/api/calls/${callId}/accept`, { driverId })));

    const winners = drivers.filter((_, i) => answers[i]!.status === 200);
    const loserCodes = answers.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.body?.error?.code}`);
    expect(winners, 'winners').to.have.length(1);
    expect(new Set(loserCodes), 'what the losers heard').to.deep.equal(new Set(['409 CALL_ALREADY_DISPATCHED']));

    const store = eventStoreOf(app.container);
    const history = await readHistory(store, callId);
    expect(callHistoryProblems(history)).to.deep.equal([]);
    expect(history.dispatch.filter((e) => e.type === 'DriverAccepted').map((e) => (e.data as { driverId: string }).driverId)).to.deep.equal(winners);
    const stillAssigned: string[] = [];
    for (const driverId of drivers) {
      const events = await store.readStream(`driver-${driverId}`);
      expect(driverHistoryProblems(driverId, events)).to.deep.equal([]);
      const state = currentCallOf(events);
      if (state.status !== 'unregistered' && state.currentCallId) stillAssigned.push(driverId);
    }
    expect(stillAssigned, 'drivers left on the call').to.deep.equal(winners);
    summary('50 concurrent accepts', {
      requests: 50,
      winners: winners.length,
      'losers with 409 CALL_ALREADY_DISPATCHED': loserCodes.length,
      'drivers left busy': stillAssigned.length - 1,
    });
  });

  it('20 calls raced concurrently by accepts, cancels and starts: every stream is a valid history', async function () {
    this.timeout(120_000);
    const seed = seedFromEnv();
    const random = seededRandom(seed);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    // Fewer drivers than calls, so the same drivers race for several calls at once.
    const drivers = await Promise.all(Array.from({ length: 12 }, (_, i) => onlineDriver(api, `Juggler${i}`)));
    const callIds = await Promise.all(Array.from({ length: 20 }, (_, i) => requestRide(api, `p-juggle-${i}`)));

    const outcomes = new Map<string, number>();
    const count = (what: string, answer: ApiResponse) => {
      const key = `${what} ${answer.status}${answer.status >= 400 ? ` ${answer.body?.error?.code}` : ''}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      return answer;
    };
    // Each action starts after its own random delay (accepts early, cancels anywhere in the
    // window), so every call sees a different interleaving: some are cancelled before any accept,
    // some between accept and start, and in some the start and the cancel collide.
    const interleaving = (callId: string) => {
      const actions: Array<[number, () => Promise<unknown>]> = [];
      for (let i = 0; i < 3; i++) {
        const driverId = pick(drivers);
        actions.push([random() * 10, () => api.post(`/api/calls/${callId}/accept`, { driverId }).then((a) => count('accept', a))]);
      }
      for (let i = 0; i < 2; i++) {
        const driverId = pick(drivers);
        actions.push([random() * 40, () => api.post(`/api/calls/${callId}/start`, { driverId }).then((a) => count('start', a))]);
      }
      if (random() < 0.8)
        actions.push([random() * 120, () => api.post(`/api/calls/${callId}/cancel`, { reason: 'changed my mind' }).then((a) => count('cancel', a))]);
      if (random() < 0.3)
        actions.push([
          random() * 120,
          () => api.post(`/api/calls/${callId}/operator-cancel`, { reason: 'operator' }).then((a) => count('operator-cancel', a)),
        ]);
      return actions.map(([delay, action]) => sleep(Math.floor(delay)).then(action));
    };
    // Starts are retried a few times: a start that arrives before the accept is refused (409), but
    // the winner's later start must then go through, which is what races start against cancel.
    const startsAfterAccept = callIds.map(async (callId) => {
      for (let attempt = 0; attempt < 5; attempt++) {
        await sleep(5 + Math.floor(random() * 20));
        const dispatch = await eventStoreOf(app.container).readStream(`dispatch-${callId}`);
        const winner = dispatch.find((e) => e.type === 'DriverAccepted')?.data as { driverId: string } | undefined;
        if (winner) return count('winner start', await api.post(`/api/calls/${callId}/start`, { driverId: winner.driverId }));
      }
      return undefined;
    });
    await Promise.all([...callIds.flatMap(interleaving), ...startsAfterAccept]);

    const store = eventStoreOf(app.container);
    const problems: string[] = [];
    let started = 0;
    let cancelled = 0;
    for (const callId of callIds) {
      const history = await readHistory(store, callId);
      problems.push(...callHistoryProblems(history));
      if (history.driving.some((e) => e.type === 'RideStarted')) started += 1;
      if (history.dispatch.some((e) => e.type === 'DispatchCancelled')) cancelled += 1;
    }
    for (const driverId of drivers) problems.push(...driverHistoryProblems(driverId, await store.readStream(`driver-${driverId}`)));
    const fiveHundreds = [...outcomes].filter(([key]) => / 5\d\d/.test(key));
    expect(fiveHundreds, 'server errors').to.deep.equal([]);
    expect(problems, `invalid histories (seed ${seed})`).to.deep.equal([]);
    const requests = [...outcomes.values()].reduce((a, b) => a + b, 0);
    summary('20 raced calls', {
      seed,
      requests,
      'rides started': started,
      'calls cancelled': cancelled,
      'invariant violations': problems.length,
      answers: [...outcomes]
        .sort()
        .map(([k, v]) => `${k}×${v}`)
        .join(' '),
    });
  });
});
