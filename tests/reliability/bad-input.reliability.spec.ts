import { expect } from 'chai';
import fc from 'fast-check';
import { type ApiResponse, apiClient, onlineDriver, requestRide } from '../support/http-client.js';
import { devToken } from '../support/sse-client.js';
import { eventStoreOf } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type Fixtures, type FuzzRequest, anyRequest, invalidRequest } from './support/fuzz-requests.js';
import { UNLIMITED, seedFromEnv, summary } from './support/report.js';

const ERROR_CODE = /^[A-Z][A-Z0-9_]*$/;
const ANSWER_WITHIN_MS = 10_000;

/**
 * Property-based fuzzing of every route: bodies, path parameters and headers. Whatever arrives,
 * the server answers (never hangs), never with a 5xx, every 4xx carries a stable error code, it
 * stays healthy, and requests it refuses leave the event log as it was.
 */
describe('Reliability: bad input', () => {
  let app: TestApp;
  let fixtures: Fixtures;
  const anonymous = () => apiClient(app.url, { mode: 'anonymous' });
  const seed = seedFromEnv();

  before(async function () {
    this.timeout(30_000);
    // Auto-dispatch off: its offers and their timeouts append on their own clock, and the second
    // test compares the head of the log before and after a run of refused requests.
    app = await startTestApp({ ...UNLIMITED, AUTO_DISPATCH: 'off' });
    const api = apiClient(app.url);
    const driverId = await onlineDriver(api, 'Fuzzy');
    const passengerId = 'p-fuzz';
    const callId = await requestRide(api, passengerId);
    fixtures = {
      driverId,
      passengerId,
      callId,
      tokens: {
        passenger: await devToken(app.url, 'passenger', passengerId),
        driver: await devToken(app.url, 'driver', driverId),
        operator: await devToken(app.url, 'operator', 'ops-fuzz'),
        otherPassenger: await devToken(app.url, 'passenger', 'p-someone-else'),
      },
    };
  });
  after(async () => app.stop());

  /** Sends through the shared client; a hang or an answer that is not JSON is a failure too. */
  const send = async (request: FuzzRequest): Promise<ApiResponse> => {
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS);
    });
    try {
      return await Promise.race([anonymous().request(request.method, request.path, request.body, request.headers), hang]);
    } catch (error) {
      throw new Error(
        `${request.method} ${request.path} (${request.label}) failed: ${(error as Error).message}\nheaders ${JSON.stringify(request.headers)}\nbody ${request.body?.slice(0, 300)}`,
      );
    } finally {
      clearTimeout(timer);
    }
  };

  const describeAnswer = (request: FuzzRequest, answer: ApiResponse) =>
    `${request.method} ${request.path} (${request.label}) → ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 300)}\nheaders ${JSON.stringify(request.headers).slice(0, 400)}\nbody ${request.body?.slice(0, 300)}`;

  const expectCleanAnswer = (request: FuzzRequest, answer: ApiResponse) => {
    expect(answer.status, describeAnswer(request, answer)).to.be.below(500);
    if (answer.status >= 400) {
      expect(answer.body?.error?.code, `error code of ${describeAnswer(request, answer)}`)
        .to.be.a('string')
        .and.match(ERROR_CODE);
      expect(answer.body.error.message, `error message of ${describeAnswer(request, answer)}`).to.be.a('string').and.not.empty;
    }
  };

  const expectHealthy = async () => {
    expect((await anonymous().get('/health/live')).status, 'live').to.equal(200);
    expect((await anonymous().get('/health/ready')).status, 'ready').to.equal(200);
  };

  it('answers anything sent to any route without a 5xx, with a stable error code for every 4xx, and stays healthy', async function () {
    this.timeout(150_000);
    const statuses = new Map<number, number>();
    const codes = new Set<string>();
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(anyRequest(fixtures), async (request) => {
        tried += 1;
        const answer = await send(request);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.body?.error?.code) codes.add(answer.body.error.code);
        expectCleanAnswer(request, answer);
      }),
      { numRuns: 2_000, seed, endOnFailure: true },
    );
    await expectHealthy();
    // And it still does its job: a whole ride from scratch.
    const api = apiClient(app.url);
    const driverId = await onlineDriver(api, 'AfterFuzz');
    const callId = await requestRide(api, 'p-after-fuzz');
    for (const step of ['accept', 'start', 'finish'])
      expect((await api.post(`/api/calls/${callId}/${step}`, { driverId })).status, step).to.equal(200);
    summary('fuzz of every route', {
      seed,
      'inputs tried': tried,
      answers: [...statuses]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}×${n}`)
        .join(' '),
      '5xx': [...statuses].filter(([status]) => status >= 500).length,
      'error codes seen': [...codes].sort().join(' '),
    });
  });

  it('leaves the event log unchanged through a run of only invalid requests, each refused the same way twice', async function () {
    this.timeout(150_000);
    const store = eventStoreOf(app.container);
    // Let the ride lifecycle settle first: its reactions to earlier requests append on their own.
    let head = await store.headPosition();
    for (let stable = 0, tries = 0; stable < 5 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const now = await store.headPosition();
      stable = now === head ? stable + 1 : 0;
      head = now;
    }
    const headBefore = head;
    const refused: Array<{ request: FuzzRequest; status: number; code: string }> = [];
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(invalidRequest(fixtures), async (request) => {
        const answer = await send(request);
        expectCleanAnswer(request, answer);
        expect(answer.status, `accepted an invalid request: ${describeAnswer(request, answer)}`).to.be.within(400, 499);
        refused.push({ request, status: answer.status, code: answer.body.error.code });
        const kind = request.label.split(':')[0]!;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }),
      { numRuns: 1_000, seed, endOnFailure: true },
    );
    // Stable: the same request refused again gets the same status and code.
    const unstable: string[] = [];
    for (const { request, status, code } of refused.filter((_, i) => i % 4 === 0)) {
      const again = await send(request);
      if (again.status !== status || again.body?.error?.code !== code) unstable.push(`${describeAnswer(request, again)} (first ${status} ${code})`);
    }
    const headAfter = await store.headPosition();
    await expectHealthy();
    const oversized = refused.filter((r) => r.request.label.startsWith('oversized'));
    const nonJson = refused.filter((r) => r.request.label.startsWith('non-JSON'));
    summary('only-invalid requests', {
      seed,
      'inputs tried': refused.length,
      'replayed for stability': Math.ceil(refused.length / 4),
      'unstable answers': unstable.length,
      kinds: [...kinds]
        .sort()
        .map(([k, n]) => `${k}×${n}`)
        .join(', '),
      'event log head': `${headBefore} before, ${headAfter} after`,
      'events written by refused requests': headAfter - headBefore,
      oversized: [...new Set(oversized.map((r) => `${r.status} ${r.code}`))].join(' '),
      'non-JSON': [...new Set(nonJson.map((r) => `${r.status} ${r.code}`))].join(' '),
    });
    expect(unstable, 'answers that changed on replay').to.deep.equal([]);
    expect(headAfter, 'event log head').to.equal(headBefore);
    expect(new Set(oversized.map((r) => r.status)), 'oversized bodies').to.deep.equal(new Set([413]));
  });
});
