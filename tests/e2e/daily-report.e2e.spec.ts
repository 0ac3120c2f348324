import { expect } from 'chai';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.js';
import { READ_STORE, type ReadStore } from '../../src/application/ports/read-store.js';
import { dailyReportProjection } from '../../src/projections/daily-report/daily-report.projection.js';
import { dayOf } from '../../src/projections/daily-report/service-day.js';
import { rebuildProjection } from '../../src/projections/rebuild.js';
import { type ApiClient, apiClient, onlineDriver, requestRide } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

describe('GET /api/reports/daily', () => {
  let app: TestApp;
  let api: ApiClient;
  let operator: ApiClient;
  before(async () => {
    app = await startTestApp({ SERVICE_TIME_ZONE: 'Asia/Seoul' });
    api = apiClient(app.url);
    operator = api.as({ role: 'operator', subject: 'ops-report' });
  });
  after(async () => app.stop());

  it('counts the day in the service time zone, and a rebuild (as the CLI runs it) answers the same', async () => {
    const driverId = await onlineDriver(api, 'Reporter');
    const finished = await requestRide(api, 'p-report-1');
    await api.post(`/api/calls/${finished}/accept`, { driverId });
    await api.post(`/api/calls/${finished}/start`, { driverId });
    await api.post(`/api/calls/${finished}/finish`, { driverId });
    const cancelled = await requestRide(api, 'p-report-2');
    const last = await api.post(`/api/calls/${cancelled}/cancel`, {});
    // The day the calls were requested on, in Seoul (not the test's clock, which may have passed midnight).
    const today = dayOf((await operator.get(`/api/calls/${finished}`)).body.requestedAt, 'Asia/Seoul');

    const live = await operator.get(`/api/reports/daily?from=${today}&to=${today}&minPosition=${last.body.position}`);
    expect(live.status).to.equal(200);
    expect(live.body.timeZone).to.equal('Asia/Seoul');
    const [report] = live.body.days;
    expect(report).to.deep.include({ day: today, requested: 2, finished: 1, cancelled: 1, expiredWithoutDriver: 0, cancellationRate: 0.5 });
    expect(report.revenue).to.deep.equal({ STANDARD: { amount: 1000, currency: 'KRW' } });
    expect(report.timeToAcceptSeconds.median).to.be.a('number').and.at.least(0);
    expect(report.timeToAcceptSeconds.p90).to.equal(report.timeToAcceptSeconds.median);

    await rebuildProjection(dailyReportProjection, {
      eventStore: app.container.get<EventStore>(EVENT_STORE),
      readStore: app.container.get<ReadStore>(READ_STORE),
    });
    const rebuilt = await operator.get(`/api/reports/daily?from=${today}&to=${today}`);
    expect(rebuilt.body).to.deep.equal(live.body);
  });

  it('answers one entry per day of the range, empty days included', async () => {
    const answer = await operator.get('/api/reports/daily?from=2020-01-01&to=2020-01-03');
    expect(answer.body.days.map((d: { day: string; requested: number }) => [d.day, d.requested])).to.deep.equal([
      ['2020-01-01', 0],
      ['2020-01-02', 0],
      ['2020-01-03', 0],
    ]);
  });

  it('is for operators only, and refuses a bad range', async () => {
    expect((await api.as({ role: 'passenger', subject: 'p' }).get('/api/reports/daily?from=2020-01-01&to=2020-01-01')).status).to.equal(403);
    expect((await api.as({ role: 'driver', subject: 'd' }).get('/api/reports/daily?from=2020-01-01&to=2020-01-01')).status).to.equal(403);
    expect((await operator.get('/api/reports/daily?from=2020-01-05&to=2020-01-01')).status).to.equal(400);
    expect((await operator.get('/api/reports/daily?from=yesterday&to=2020-01-01')).status).to.equal(400);
  });
});
