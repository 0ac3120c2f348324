import { expect } from 'chai';
import { apiClient, onlineDriver, requestRide } from '../support/http-client.js';
import { eventually } from '../support/eventually.js';
import { eventStoreOf } from '../support/rides.js';
import { devToken, openSse } from '../support/sse-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

describe('Metrics', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(async () => app.stop());

  it('shows command counts and latencies, projection lag, breaker state and payment outcomes after a ride', async () => {
    const api = apiClient(app.url);
    const driverId = await onlineDriver(api, 'Metric');
    const callId = await requestRide(api, 'p-metrics');
    await api.post(`/api/calls/${callId}/accept`, { driverId });
    await api.post(`/api/calls/${callId}/accept`, { driverId: await onlineDriver(api, 'Late') });
    await api.post(`/api/calls/${callId}/start`, { driverId });
    await api.post(`/api/calls/${callId}/finish`, { driverId });

    const response = await fetch(`${app.url}/metrics`);
    expect(response.headers.get('content-type')).to.match(/^text\/plain/);
    const text = await response.text();
    expect(text).to.match(/taxi_commands_total\{[^}]*command="accept_call"[^}]*outcome="ok"[^}]*\} 1/);
    expect(text).to.match(/taxi_commands_total\{[^}]*command="accept_call"[^}]*outcome="rejected"[^}]*\} 1/);
    expect(text).to.match(/taxi_command_duration_seconds_count\{[^}]*command="finish_call"[^}]*outcome="ok"[^}]*\} 1$/m);
    expect(text).to.match(/taxi_command_duration_seconds_bucket\{[^}]*le="\+Inf"[^}]*command="finish_call"[^}]*outcome="ok"[^}]*\} 1$/m);
    expect(text).to.match(/taxi_circuit_breaker_state\{[^}]*breaker="payment-gateway"[^}]*\} 0/);
    expect(text).to.match(/taxi_payments_total\{[^}]*outcome="approved"[^}]*\} 1/);
    // The projector follows: the dashboard reaches the log's last event, then has nothing left.
    const dashboard = async () => {
      const scraped = await (await fetch(`${app.url}/metrics`)).text();
      return ['position', 'lag_events', 'lag_seconds'].map((gauge) =>
        Number(new RegExp(`^taxi_projection_${gauge}\\{[^}]*projection="dashboard"[^}]*\\} (\\S+)$`, 'm').exec(scraped)?.[1]),
      );
    };
    const atHead = async () => JSON.stringify(await dashboard()) === JSON.stringify([await eventStoreOf(app.container).headPosition(), 0, 0]);
    await eventually(atHead, 10_000, 'the dashboard at the head of the log, no lag');
  });

  it('reports no lag once the read models have caught up with the log', async () => {
    const api = apiClient(app.url);
    await requestRide(api, 'p-lag');
    const lagOf = async () => {
      const text = await (await fetch(`${app.url}/metrics`)).text();
      return [
        /^taxi_projection_lag_events\{[^}]*projection="dashboard"[^}]*\} (\d+)/m,
        /^taxi_projection_lag_seconds\{[^}]*projection="dashboard"[^}]*\} ([\d.]+)/m,
      ].map((series) => Number(series.exec(text)?.[1] ?? NaN));
    };
    // Auto-dispatch keeps appending (offers, expiries): the lag is read as 0 at some moment, not at a chosen one.
    await eventually(async () => (await lagOf()).every((lag) => lag === 0), 5_000, 'the dashboard caught up with the log: lag 0 events, 0 s');
  });

  it('counts the open event streams, and times dispatch from the request to the accept', async () => {
    const api = apiClient(app.url);
    const metric = async (series: RegExp) => Number(series.exec(await (await fetch(`${app.url}/metrics`)).text())?.[1] ?? NaN);
    const driverId = await onlineDriver(api, 'Timed');
    const callId = await requestRide(api, 'p-timed');
    const stream = await openSse(`${app.url}/api/calls/${callId}/events`, {
      authorization: `Bearer ${await devToken(app.url, 'passenger', 'p-timed')}`,
    });
    expect(await metric(/^taxi_sse_open_streams\{[^}]*stream="call"[^}]*\} (\d+)/m)).to.equal(1);
    stream.close();
    await eventually(
      async () => (await metric(/^taxi_sse_open_streams\{[^}]*stream="call"[^}]*\} (\d+)/m)) === 0,
      5_000,
      'the stream counted closed',
    );

    await api.post(`/api/calls/${callId}/accept`, { driverId });
    await eventually(async () => (await metric(/^taxi_dispatch_time_to_accept_seconds_count\{[^}]*\} (\d+)/m)) >= 1, 5_000, 'the accept timed');
  });
});
