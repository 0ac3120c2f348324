import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.js';
import { ConfigError, loadConfig } from '../../src/infrastructure/config/config.js';
import { type ApiClient, apiClient, type Identity, seoul } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

type Who = 'anonymous' | 'owner' | 'otherPassenger' | 'assignedDriver' | 'otherDriver' | 'operator';
/** `ok`: authorised (the answer may still be a state conflict); a number: exactly that status. */
type Outcome = 'ok' | 401 | 403 | 404;
type Scenario = { callId: string; owner: string; assignedDriver: string; otherDriver: string };
/** `okStatuses`: what an authorised answer may be for this route (default: success or a state conflict). */
type Row = { route: string; send: (api: ApiClient, s: Scenario) => Promise<{ status: number }>; expect: Record<Who, Outcome>; okStatuses?: number[] };

const everyone = (outcome: Outcome, except: Partial<Record<Who, Outcome>> = {}): Record<Who, Outcome> => ({
  anonymous: 401,
  owner: outcome,
  otherPassenger: outcome,
  assignedDriver: outcome,
  otherDriver: outcome,
  operator: outcome,
  ...except,
});

/** Every route of the HTTP contract (and the extras), against every kind of caller. */
const matrix: Row[] = [
  {
    route: 'POST /api/drivers',
    send: (api) => api.post('/api/drivers', { name: 'New', vehicleNo: 'N-1' }),
    expect: everyone('ok', { owner: 403, otherPassenger: 403 }),
  },
  {
    route: 'POST /api/drivers/:id/online',
    send: (api, s) => api.post(`/api/drivers/${s.assignedDriver}/online`, { location: seoul.station }),
    expect: everyone(403, { assignedDriver: 'ok', operator: 'ok' }),
  },
  {
    route: 'POST /api/drivers/:id/offline',
    send: (api, s) => api.post(`/api/drivers/${s.assignedDriver}/offline`),
    expect: everyone(403, { assignedDriver: 'ok', operator: 'ok' }),
  },
  {
    route: 'GET /api/drivers/:id/calls',
    send: (api, s) => api.get(`/api/drivers/${s.assignedDriver}/calls`),
    expect: everyone(403, { assignedDriver: 'ok', operator: 'ok' }),
  },
  {
    route: 'POST /api/calls',
    send: (api, s) => api.post('/api/calls', { passengerId: s.owner, pickup: seoul.station, destination: seoul.gangnam }),
    expect: everyone(403, { owner: 'ok', operator: 'ok' }),
  },
  {
    route: 'POST /api/calls/:id/accept',
    send: (api, s) => api.post(`/api/calls/${s.callId}/accept`, { driverId: s.assignedDriver }),
    expect: everyone(403, { assignedDriver: 'ok' }),
  },
  {
    route: 'POST /api/calls/:id/start',
    send: (api, s) => api.post(`/api/calls/${s.callId}/start`, { driverId: s.assignedDriver }),
    expect: everyone(403, { assignedDriver: 'ok' }),
  },
  {
    route: 'POST /api/calls/:id/finish',
    send: (api, s) => api.post(`/api/calls/${s.callId}/finish`, { driverId: s.assignedDriver }),
    expect: everyone(403, { assignedDriver: 'ok' }),
  },
  {
    route: 'POST /api/calls/:id/cancel',
    send: (api, s) => api.post(`/api/calls/${s.callId}/cancel`, {}),
    expect: everyone(403, { owner: 'ok', otherPassenger: 404, operator: 'ok' }),
  },
  {
    route: 'POST /api/calls/:id/operator-cancel',
    send: (api, s) => api.post(`/api/calls/${s.callId}/operator-cancel`, {}),
    expect: everyone(403, { operator: 'ok' }),
  },
  // The assigned driver reads the call (pickup, destination); any other driver gets the 404 of a missing call.
  {
    route: 'GET /api/calls/:id',
    send: (api, s) => api.get(`/api/calls/${s.callId}`),
    expect: everyone(403, { owner: 'ok', otherPassenger: 404, assignedDriver: 'ok', otherDriver: 404, operator: 'ok' }),
  },
  { route: 'GET /api/calls', send: (api) => api.get('/api/calls'), expect: everyone(403, { operator: 'ok' }) },
  { route: 'GET /api/calls/:id/history', send: (api, s) => api.get(`/api/calls/${s.callId}/history`), expect: everyone(403, { operator: 'ok' }) },
  { route: 'GET /api/drivers', send: (api) => api.get('/api/drivers'), expect: everyone(403, { operator: 'ok' }) },
  {
    route: 'GET /api/drivers/:id',
    send: (api, s) => api.get(`/api/drivers/${s.assignedDriver}`),
    expect: everyone(403, { assignedDriver: 'ok', operator: 'ok' }),
  },
  {
    route: 'GET /api/drivers/:id/rides',
    send: (api, s) => api.get(`/api/drivers/${s.assignedDriver}/rides`),
    expect: everyone(403, { assignedDriver: 'ok', operator: 'ok' }),
  },
  {
    route: 'GET /api/drivers/:id/notifications',
    send: (api, s) => api.get(`/api/drivers/${s.assignedDriver}/notifications`),
    expect: everyone(403, { assignedDriver: 'ok', operator: 'ok' }),
  },
  { route: 'GET /api/payments', send: (api) => api.get('/api/payments?status=PENDING,FAILED'), expect: everyone(403, { operator: 'ok' }) },
  // The scenario's ride is not finished: an operator is authorised and told there is no such payment.
  {
    route: 'POST /api/payments/:id/retry',
    send: (api, s) => api.post(`/api/payments/pay-${s.callId}/retry`),
    expect: everyone(403, { operator: 'ok' }),
    okStatuses: [200, 404],
  },
  { route: 'GET /api/dead-letters', send: (api) => api.get('/api/dead-letters'), expect: everyone(403, { operator: 'ok' }) },
  {
    route: 'POST /api/dead-letters/:id/replay',
    send: (api) => api.post('/api/dead-letters/no-such-letter/replay'),
    expect: everyone(403, { operator: 'ok' }),
    okStatuses: [404],
  },
  {
    route: 'GET /api/taxis/nearby',
    send: (api) => api.get(`/api/taxis/nearby?lat=${seoul.station.lat}&lng=${seoul.station.lng}`),
    expect: everyone('ok'),
  },
  {
    route: 'GET /api/reports/daily',
    send: (api) => api.get('/api/reports/daily?from=2026-01-01&to=2026-01-02'),
    expect: everyone(403, { operator: 'ok' }),
  },
  {
    route: 'GET /api/passengers/:id/calls',
    send: (api, s) => api.get(`/api/passengers/${s.owner}/calls`),
    expect: everyone(403, { owner: 'ok', operator: 'ok' }),
  },
  {
    route: 'GET /api/passengers/:id/notifications',
    send: (api, s) => api.get(`/api/passengers/${s.owner}/notifications`),
    expect: everyone(403, { owner: 'ok', operator: 'ok' }),
  },
  {
    route: 'PUT /api/drivers/:id/location',
    send: (api, s) => api.request('PUT', `/api/drivers/${s.assignedDriver}/location`, { lat: 37.55, lng: 126.97 }),
    expect: everyone(403, { assignedDriver: 'ok', operator: 'ok' }),
  },
  {
    route: 'GET /api/drivers/:id/offers (SSE)',
    send: (api, s) => api.openStream(`/api/drivers/${s.assignedDriver}/offers`),
    expect: everyone(403, { assignedDriver: 'ok', operator: 'ok' }),
  },
  // The other driver was never offered this call: authorised, and told so (404 OFFER_NOT_FOUND).
  {
    route: 'POST /api/calls/:id/decline',
    send: (api, s) => api.post(`/api/calls/${s.callId}/decline`, { driverId: s.otherDriver }),
    expect: everyone(403, { otherDriver: 'ok' }),
    okStatuses: [200, 404, 409],
  },
  {
    route: 'GET /api/calls/:id/events (SSE)',
    send: (api, s) => api.openStream(`/api/calls/${s.callId}/events`),
    expect: everyone(403, { owner: 'ok', otherPassenger: 404, operator: 'ok' }),
  },
  { route: 'GET /api/tariffs', send: (api) => api.get('/api/tariffs'), expect: everyone('ok') },
  {
    route: 'PUT /api/tariffs/:rideType',
    send: (api) => api.request('PUT', '/api/tariffs/VAN', { amountPerStartedMinute: 1000 }),
    expect: everyone(403, { operator: 'ok' }),
  },
];

describe('Authorization', () => {
  let app: TestApp;
  let ops: ApiClient;
  let counter = 0;
  before(async () => {
    // Every row makes a fresh scenario through one operator: the per-subject command limit is not under test here.
    app = await startTestApp({ RATE_LIMIT_PER_SUBJECT: '0' });
    ops = apiClient(app.url);
  });
  after(async () => app.stop());

  /** A fresh call of a fresh passenger, accepted by a fresh driver, with a second driver around. */
  const scenario = async (): Promise<Scenario> => {
    counter += 1;
    const owner = `pa-${counter}`;
    const [assignedDriver, otherDriver] = await Promise.all(
      ['A', 'B'].map(async (n) => {
        const { body } = await ops.post('/api/drivers', { name: `Driver ${n}`, vehicleNo: `${n}-1` });
        await ops.post(`/api/drivers/${body.driverId}/online`, { location: seoul.station });
        return body.driverId as string;
      }),
    );
    const { body } = await ops.post('/api/calls', { passengerId: owner, pickup: seoul.station, destination: seoul.gangnam });
    await ops.post(`/api/calls/${body.callId}/accept`, { driverId: assignedDriver });
    return { callId: body.callId, owner, assignedDriver: assignedDriver!, otherDriver: otherDriver! };
  };

  const clientFor = (who: Who, s: Scenario): ApiClient => {
    const identities: Record<Exclude<Who, 'anonymous'>, Identity> = {
      owner: { role: 'passenger', subject: s.owner },
      otherPassenger: { role: 'passenger', subject: `pb-${counter}` },
      assignedDriver: { role: 'driver', subject: s.assignedDriver },
      otherDriver: { role: 'driver', subject: s.otherDriver },
      operator: { role: 'operator', subject: 'ops-1' },
    };
    return who === 'anonymous' ? ops.anonymous() : ops.as(identities[who]);
  };

  for (const row of matrix) {
    describe(row.route, () => {
      for (const [who, expected] of Object.entries(row.expect) as Array<[Who, Outcome]>) {
        it(`${expected === 'ok' ? 'lets' : 'refuses'} ${who}${expected === 'ok' ? '' : ` with ${expected}`}`, async () => {
          const s = await scenario();
          const { status } = await row.send(clientFor(who, s), s);
          if (expected === 'ok') expect(status, `${row.route} as ${who}`).to.be.oneOf(row.okStatuses ?? [200, 201, 409]);
          else expect(status, `${row.route} as ${who}`).to.equal(expected);
        });
      }
    });
  }

  describe('tokens', () => {
    const call = (token: string) => apiClient(app.url).withToken(token).get('/api/tariffs');
    const devKey = () => JSON.parse(readFileSync(join(app.dataDir, 'dev-signing-key.json'), 'utf8')) as JWK;
    const sign = async (key: Parameters<SignJWT['sign']>[0], change: (jwt: SignJWT) => SignJWT) =>
      change(
        new SignJWT({ role: 'operator' })
          .setProtectedHeader({ alg: 'ES256' })
          .setSubject('x')
          .setIssuer('taxi-dispatch-dev')
          .setAudience('taxi-dispatch-api')
          .setIssuedAt()
          .setExpirationTime('1h'),
      ).sign(key);

    it('accepts a token signed with the development key', async () => {
      expect((await call(await sign(await importJWK(devKey(), 'ES256'), (jwt) => jwt))).status).to.equal(200);
    });

    it('refuses a token signed with another key', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const answer = await call(await sign(privateKey, (jwt) => jwt));
      expect([answer.status, answer.body.error.code]).to.deep.equal([401, 'INVALID_TOKEN']);
    });

    it('refuses an expired token', async () => {
      const answer = await call(await sign(await importJWK(devKey(), 'ES256'), (jwt) => jwt.setExpirationTime(Math.floor(Date.now() / 1000) - 60)));
      expect([answer.status, answer.body.error.code]).to.deep.equal([401, 'INVALID_TOKEN']);
    });

    it('refuses a token for another audience', async () => {
      const answer = await call(await sign(await importJWK(devKey(), 'ES256'), (jwt) => jwt.setAudience('another-api')));
      expect([answer.status, answer.body.error.code]).to.deep.equal([401, 'INVALID_TOKEN']);
    });

    it('refuses a missing or malformed Authorization header', async () => {
      const missing = await apiClient(app.url).anonymous().get('/api/tariffs');
      expect([missing.status, missing.body.error.code]).to.deep.equal([401, 'UNAUTHENTICATED']);
      expect(missing.headers.get('www-authenticate')).to.match(/^Bearer/);
      const malformed = await apiClient(app.url).anonymous().get('/api/tariffs', { authorization: 'Basic abc' });
      expect([malformed.status, malformed.body.error.code]).to.deep.equal([401, 'INVALID_TOKEN']);
    });
  });

  describe('acting as someone else', () => {
    it('refuses a driver who starts a ride assigned to another driver', async () => {
      const s = await scenario();
      const answer = await clientFor('otherDriver', s).post(`/api/calls/${s.callId}/start`, {});
      expect([answer.status, answer.body.error.code]).to.deep.equal([403, 'NOT_ASSIGNED_DRIVER']);
    });

    it('records the acting subject and role in the events', async () => {
      const s = await scenario();
      await clientFor('owner', s).post(`/api/calls/${s.callId}/cancel`, {});
      const store = app.container.get<EventStore>(EVENT_STORE);
      const [cancelled] = (await store.readStream(`dispatch-${s.callId}`)).filter((e) => e.type === 'DispatchCancelled');
      expect(cancelled!.metadata.actor).to.deep.equal({ role: 'passenger', id: s.owner });
      // What the process managers did in reaction names them, and points back at the cause.
      const followUp = (await store.readStream(`call-${s.callId}`)).find((e) => e.type === 'CallCancelled')!;
      if (followUp.metadata.actor.role === 'system') expect(followUp.metadata.causationId).to.equal(cancelled!.eventId);
      else expect(followUp.metadata.actor).to.deep.equal({ role: 'passenger', id: s.owner });
    });
  });

  describe('configuration', () => {
    it('refuses to start in production without identity-provider keys', () => {
      expect(() => loadConfig({ NODE_ENV: 'production' })).to.throw(ConfigError, /AUTH_MODE/);
      expect(() => loadConfig({ AUTH_MODE: 'jwks' })).to.throw(ConfigError, /AUTH_JWKS_URL/);
      expect(
        loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'jwks', AUTH_JWKS_URL: 'https://id.example/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' })
          .AUTH_MODE,
      ).to.equal('jwks');
    });
  });
});
