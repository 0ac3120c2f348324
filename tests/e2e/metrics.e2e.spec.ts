import { expect } from 'chai';
import { apiClient, onlineDriver, requestRide } from '../support/http-client.js';
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
    expect(text).to.match(/taxi_command_duration_seconds_bucket\{[^}]*command="finish_call"/);
    expect(text).to.match(/taxi_projection_lag_events\{[^}]*projection="dashboard"[^}]*\} \d+/);
    expect(text).to.match(/taxi_circuit_breaker_state\{[^}]*breaker="payment-gateway"[^}]*\} 0/);
    expect(text).to.match(/taxi_payments_total\{[^}]*outcome="approved"[^}]*\} 1/);
  });
});
