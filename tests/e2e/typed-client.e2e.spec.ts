import { expect } from 'chai';
import { createTaxiClient } from '../../client/index.js';
import { seoul } from '../support/http-client.js';
import { checkAgainstSpec } from '../support/spec-check.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** The typed client's fetch, with every answer checked against the spec like the other e2e tests. */
const checkedFetch = async (input: Request) => {
  const response = await fetch(input);
  const text = await response.clone().text();
  const json = response.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : undefined;
  checkAgainstSpec({
    method: input.method,
    url: response.url,
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: json,
  });
  return response;
};

describe('The typed client', () => {
  describe('a whole ride through it', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ AUTO_DISPATCH: 'off' });
    });
    after(() => app.stop());

    const tokenFor = async (role: 'passenger' | 'driver' | 'operator', subject: string) => {
      const { data } = await createTaxiClient(app.url).POST('/api/dev/tokens', { body: { role, subject }, fetch: checkedFetch });
      return data!.token;
    };

    it('requests, accepts, starts and finishes a ride, then reads it', async () => {
      const operator = createTaxiClient(app.url, await tokenFor('operator', 'ops'));
      const registered = await operator.POST('/api/drivers', { body: { name: 'Kim', vehicleNo: '12-3456' }, fetch: checkedFetch });
      const driverId = registered.data!.driverId;
      const driver = createTaxiClient(app.url, await tokenFor('driver', driverId));
      const passenger = createTaxiClient(app.url, await tokenFor('passenger', 'alice'));

      await driver.POST('/api/drivers/{driverId}/online', {
        params: { path: { driverId } },
        body: { location: { lat: seoul.station.lat, lng: seoul.station.lng } },
        fetch: checkedFetch,
      });
      const requested = await passenger.POST('/api/calls', { body: { pickup: seoul.station, destination: seoul.gangnam }, fetch: checkedFetch });
      expect(requested.response.status).to.equal(201);
      const callId = requested.data!.callId;
      const path = { params: { path: { callId } }, fetch: checkedFetch };
      expect((await driver.POST('/api/calls/{callId}/accept', { ...path, body: {} })).data?.status).to.equal('DISPATCHED');
      const late = await createTaxiClient(app.url, await tokenFor('driver', 'late')).POST('/api/calls/{callId}/accept', { ...path, body: {} });
      expect(late.error?.error.code).to.be.oneOf(['CALL_ALREADY_DISPATCHED', 'DRIVER_NOT_FOUND']);
      expect((await driver.POST('/api/calls/{callId}/start', { ...path, body: {} })).data?.status).to.equal('DRIVING');
      const finished = await driver.POST('/api/calls/{callId}/finish', { ...path, body: {} });
      expect(finished.data?.fare).to.deep.equal({ amount: 1000, currency: 'KRW' });

      const entry = await passenger.GET('/api/calls/{callId}', {
        params: { path: { callId }, query: { minPosition: finished.data!.position } },
        fetch: checkedFetch,
      });
      expect(entry.data).to.include({ callId, passengerId: 'alice', status: 'FINISHED', driverId });
      const mine = await passenger.GET('/api/passengers/{passengerId}/calls', { params: { path: { passengerId: 'alice' } }, fetch: checkedFetch });
      expect(mine.data?.items.map((call) => call.callId)).to.deep.equal([callId]);
    });
  });
});
