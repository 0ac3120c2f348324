import { expect } from 'chai';
import { type ApiClient, apiClient, onlineDriver, seoul } from '../support/http-client.js';
import { asyncApiDocument } from '../../src/infrastructure/http/channel/asyncapi.js';
import { type ChannelClient, openChannel } from '../support/channel-client.js';
import { fastDispatchEnv, indexCaughtUp, offsetBy } from '../support/dispatch.js';
import { eventually } from '../support/eventually.js';
import { devToken } from '../support/sse-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const pickup = seoul.station;

describe('The driver channel (WebSocket)', () => {
  let app: TestApp;
  let api: ApiClient;
  const channels: ChannelClient[] = [];
  const open = async (driverId: string, auth: Parameters<typeof openChannel>[2]) => {
    const channel = await openChannel(app.url, driverId, auth);
    channels.push(channel);
    return channel;
  };
  const tokenOf = (driverId: string, role: 'driver' | 'passenger' | 'operator' = 'driver') => devToken(app.url, role, driverId);

  before(async function () {
    this.timeout(30_000);
    app = await startTestApp(fastDispatchEnv({ OFFER_TIMEOUT_MS: '1500', CHANNEL_AUTH_TIMEOUT_MS: '300' }));
    api = apiClient(app.url);
  });
  afterEach(() => channels.splice(0).forEach((channel) => channel.close()));
  after(async () => app?.stop());

  it('carries a ride: pings up, the offer down, accept over HTTP, then every update of the ride down', async function () {
    this.timeout(20_000);
    const driverId = await onlineDriver(api, 'Channel', offsetBy(pickup, 5_000, 0));
    const channel = await open(driverId, { token: await tokenOf(driverId), via: 'header' });
    expect(channel.socket.protocol).to.equal('bearer');
    await channel.next((m) => m.type === 'ready', 'ready');
    expect(channel.received[0]).to.deep.equal({ type: 'ready', driverId });

    // The ping moves the driver next to the pickup: the operator sees it, and auto-dispatch finds them there.
    const nearPickup = offsetBy(pickup, 30, 0);
    channel.ping(nearPickup);
    await eventually(
      async () => (await api.get(`/api/drivers/${driverId}`)).body.location?.lat === nearPickup.lat,
      5_000,
      'the ping moved the driver',
    );
    await indexCaughtUp(app.container);

    const { body } = await api.post('/api/calls', { passengerId: 'p-channel', pickup, destination: seoul.gangnam, rideType: 'STANDARD' });
    const offer = await channel.next((m) => m.type === 'offer' && m.callId === body.callId, 'the offer on the channel');
    expect(offer).to.include({ callId: body.callId, rideType: 'STANDARD' });
    expect(offer.pickup).to.deep.equal(pickup);
    expect(offer.destination).to.deep.equal(seoul.gangnam);
    expect(Date.parse(offer.expiresAt)).to.be.greaterThan(Date.now() - 1_000);

    expect((await api.post(`/api/calls/${body.callId}/accept`, { driverId })).status).to.equal(200);
    await channel.next((m) => m.type === 'call' && m.status === 'DISPATCHED', 'DISPATCHED on the channel');
    expect((await api.post(`/api/calls/${body.callId}/start`, { driverId })).status).to.equal(200);
    channel.ping(offsetBy(pickup, 500, 500));
    expect((await api.post(`/api/calls/${body.callId}/finish`, { driverId })).status).to.equal(200);
    await channel.next((m) => m.type === 'call' && m.status === 'FINISHED', 'FINISHED on the channel');
    const updates = channel.received.filter((m) => m.type === 'call').map((m) => [m.callId, m.status]);
    expect(updates).to.deep.equal([
      [body.callId, 'DISPATCHED'],
      [body.callId, 'DRIVING'],
      [body.callId, 'FINISHED'],
    ]);
    // Taken by this very driver: no withdrawal, the updates say it.
    expect(channel.received.filter((m) => m.type === 'offer-withdrawn')).to.deep.equal([]);
  });

  it('tells the driver when an offer they held is withdrawn (it expired)', async function () {
    this.timeout(20_000);
    const driverId = await onlineDriver(api, 'Slow', offsetBy(seoul.cityHall, 20, 0));
    const channel = await open(driverId, { token: await tokenOf(driverId), via: 'message' });
    await channel.next((m) => m.type === 'ready', 'ready after the auth message');
    await indexCaughtUp(app.container);
    const { body } = await api.post('/api/calls', { passengerId: 'p-slow', pickup: seoul.cityHall, destination: seoul.gangnam });
    await channel.next((m) => m.type === 'offer' && m.callId === body.callId, 'the offer');
    const withdrawn = await channel.next((m) => m.type === 'offer-withdrawn', 'the withdrawal');
    expect(withdrawn).to.deep.equal({ type: 'offer-withdrawn', callId: body.callId, reason: 'EXPIRED' });
    await api.post(`/api/calls/${body.callId}/cancel`, { reason: 'test over' });
  });

  it('drops a ping flood with one RATE_LIMITED a second, and closes a channel that keeps flooding (4008)', async function () {
    this.timeout(20_000);
    const driverId = await onlineDriver(api, 'Flood', offsetBy(seoul.gangnam, 10, 0));
    const channel = await open(driverId, { token: await tokenOf(driverId), via: 'header' });
    await channel.next((m) => m.type === 'ready', 'ready');
    for (let i = 0; i < 60; i++) channel.ping(offsetBy(seoul.gangnam, i, 0));
    await channel.next((m) => m.type === 'error' && m.code === 'RATE_LIMITED', 'RATE_LIMITED');
    const limited = () => channel.received.filter((m) => m.type === 'error' && m.code === 'RATE_LIMITED');
    // A marker, sent until the bucket lets one through (a tenth of a second): everything before it was answered or dropped.
    await eventually(
      () => {
        channel.send({ type: 'nonsense' });
        return channel.received.some((m) => m.code === 'BAD_MESSAGE');
      },
      5_000,
      'a marker let through',
      200,
    );
    expect(limited()).to.have.length(1);
    expect(channel.socket.readyState).to.equal(channel.socket.OPEN);

    for (let i = 0; i < 1_000; i++) channel.ping(offsetBy(seoul.gangnam, i, 0));
    expect(await channel.closed).to.equal(4008);
  });

  it('refuses another driver (4003), a passenger (4003), a bad token (4001) and silence (4001)', async function () {
    this.timeout(20_000);
    const driverId = await onlineDriver(api, 'Owner', offsetBy(seoul.gangnam, 50, 0));
    const other = await open(driverId, { token: await tokenOf('someone-else'), via: 'header' });
    expect(await other.closed).to.equal(4003);
    expect(other.received).to.deep.include({ type: 'error', code: 'FORBIDDEN', message: 'Only the driver themself may open their channel' });
    const passenger = await open(driverId, { token: await tokenOf(driverId, 'passenger'), via: 'message' });
    expect(await passenger.closed).to.equal(4003);
    const forged = await open(driverId, { token: 'a.b.c', via: 'message' });
    expect(await forged.closed).to.equal(4001);
    expect(forged.received.map((m) => m.code)).to.deep.equal(['INVALID_TOKEN']);
    const silent = await open(driverId, null);
    expect(await silent.closed).to.equal(4001);
    expect(silent.received.map((m) => m.code)).to.deep.equal(['UNAUTHENTICATED']);
    const pingFirst = await open(driverId, null);
    pingFirst.ping(pickup);
    expect(await pingFirst.closed).to.equal(4001);
  });

  it('refuses the pings of a driver who went offline, on the channel, as PUT …/location does', async function () {
    this.timeout(10_000);
    const driverId = await onlineDriver(api, 'Gone', offsetBy(seoul.gangnam, 120, 0));
    expect((await api.post(`/api/drivers/${driverId}/offline`)).status).to.equal(200);
    await indexCaughtUp(app.container);
    const channel = await open(driverId, { token: await tokenOf(driverId), via: 'header' });
    await channel.next((m) => m.type === 'ready', 'ready');
    channel.ping(seoul.gangnam);
    const refused = await channel.next((m) => m.type === 'error', 'the refusal');
    expect(refused).to.include({ type: 'error', code: 'DRIVER_OFFLINE' });
    expect((await api.request('PUT', `/api/drivers/${driverId}/location`, seoul.gangnam)).body.error.code).to.equal('DRIVER_OFFLINE');
  });

  it("carries the dispatch centre's messages down, and only an operator may write them", async function () {
    this.timeout(10_000);
    const driverId = await onlineDriver(api, 'Told', offsetBy(seoul.gangnam, 150, 0));
    const channel = await open(driverId, { token: await tokenOf(driverId), via: 'message' });
    await channel.next((m) => m.type === 'ready', 'ready');
    const operator = apiClient(app.url, { mode: 'as', identity: { role: 'operator', subject: 'ops-1' } });
    const sent = await operator.post(`/api/drivers/${driverId}/messages`, { text: 'Road closed at Namsan tunnel 1' });
    expect([sent.status, sent.body]).to.deep.equal([202, { driverId, delivered: 1 }]);
    const told = await channel.next((m) => m.type === 'message', 'the message');
    expect(told).to.deep.equal({ type: 'message', text: 'Road closed at Namsan tunnel 1', from: 'operator' });
    expect((await api.post(`/api/drivers/${driverId}/messages`, { text: 'hi' })).status).to.equal(403);
  });

  it('serves its AsyncAPI document at /asyncapi.json, to anyone', async () => {
    const answer = await fetch(`${app.url}/asyncapi.json`);
    expect(answer.status).to.equal(200);
    const served = (await answer.json()) as ReturnType<typeof asyncApiDocument>;
    expect(served).to.deep.equal(JSON.parse(JSON.stringify(asyncApiDocument())));
  });

  it('answers a malformed message with BAD_MESSAGE and keeps the channel', async function () {
    this.timeout(10_000);
    const driverId = await onlineDriver(api, 'Typo', offsetBy(seoul.gangnam, 80, 0));
    const channel = await open(driverId, { token: await tokenOf(driverId), via: 'header' });
    await channel.next((m) => m.type === 'ready', 'ready');
    channel.socket.send('not json');
    channel.send({ type: 'ping', location: { lat: 123, lng: 0 } });
    await eventually(() => channel.received.filter((m) => m.code === 'BAD_MESSAGE').length === 2, 5_000, 'two BAD_MESSAGE');
    expect(channel.socket.readyState).to.equal(channel.socket.OPEN);
  });
});

describe('The driver channel when the server stops', () => {
  it('tells every open channel the server is going away (1001) instead of holding the stop until the grace period cuts it', async function () {
    this.timeout(20_000);
    const app = await startTestApp(fastDispatchEnv({ SHUTDOWN_GRACE_MS: '15000' }));
    const api = apiClient(app.url);
    const driverId = await onlineDriver(api, 'Leaving', seoul.cityHall);
    const channel = await openChannel(app.url, driverId, { token: await devToken(app.url, 'driver', driverId), via: 'header' });
    await channel.next((m) => m.type === 'ready', 'ready');
    await app.stop();
    // Not 1006: the socket was closed by the channel, not cut when the grace period ran out.
    expect(await channel.closed).to.equal(1001);
  });
});
