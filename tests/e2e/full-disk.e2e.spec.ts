import { expect } from 'chai';
import { EVENT_STORE } from '../../src/application/ports/event-store.js';
import { PERSONAL_DATA_KEYS } from '../../src/application/ports/personal-data-keys.js';
import { RIDE_TRACKS } from '../../src/application/ports/ride-tracks.js';
import { fillUp, sqliteConnectionOf } from '../support/full-disk.js';
import { type ApiClient, apiClient, onlineDriver, requestRide, seoul } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/**
 * A full disk is the machine's trouble, not the request's: every embedded store that cannot write
 * answers 503 STORE_UNAVAILABLE (a client retries later), never 500 INTERNAL_ERROR. The stores only
 * the followers write (read models, checkpoints, leases, dead letters) and the positions are in
 * full-disk.int: a ping of an online driver updates its row in place, which a full file still takes.
 */
describe('A full disk answers 503 STORE_UNAVAILABLE', () => {
  let app: TestApp;
  let api: ApiClient;
  beforeEach(async () => {
    app = await startTestApp({
      AUTO_DISPATCH: 'off',
      DRIVER_POSITIONS: 'shared',
      RATE_LIMIT_PER_IP: '1000000000',
      RATE_LIMIT_PER_SUBJECT: '1000000000',
    });
    api = apiClient(app.url);
  });
  afterEach(async () => app.stop());

  const full = (token: symbol, file: string) => fillUp(sqliteConnectionOf(app.container.get<object>(token), file));
  type Answer = { status: number; body: { error?: { code: string } } };
  /**
   * Writes until one is refused, and answers the first refusal: a full file still takes what fits
   * in the free space of its pages, so the first writes may succeed.
   */
  const firstRefusal = async (write: (i: number) => Promise<Answer>, max = 200) => {
    for (let i = 0; i < max; i++) {
      const response = await write(i);
      if (response.status >= 300) return [response.status, response.body.error?.code];
    }
    return ['no refusal in', max];
  };
  const newCall = (subject: string) =>
    api.as({ role: 'passenger', subject }).post('/api/calls', { pickup: seoul.station, destination: seoul.gangnam });

  it('the personal-data key store, on a new passenger’s POST /api/calls', async function () {
    this.timeout(60_000);
    full(PERSONAL_DATA_KEYS, 'personal-data-keys.db');
    expect(await firstRefusal((i) => newCall(`p-full-keys-${i}`))).to.deep.equal([503, 'STORE_UNAVAILABLE']);
  });

  it('the event store, on POST /api/calls', async function () {
    this.timeout(60_000);
    full(EVENT_STORE, 'events.db');
    expect(await firstRefusal((i) => newCall(`p-full-events-${i}`))).to.deep.equal([503, 'STORE_UNAVAILABLE']);
  });

  it('the ride tracks, on the pings while driving', async function () {
    this.timeout(60_000);
    const driverId = await onlineDriver(api, 'FullTracks');
    const callId = await requestRide(api, 'p-full-tracks');
    await api.post(`/api/calls/${callId}/accept`, { driverId });
    await api.post(`/api/calls/${callId}/start`, { driverId });
    full(RIDE_TRACKS, 'ride-tracks.db');
    const north = (i: number) => ({ lat: seoul.station.lat + i / 111_195, lng: seoul.station.lng });
    expect(await firstRefusal((i) => api.request('PUT', `/api/drivers/${driverId}/location`, north(i)))).to.deep.equal([503, 'STORE_UNAVAILABLE']);
  });
});
