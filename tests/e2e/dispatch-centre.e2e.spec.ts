import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { storeOf } from '../support/dispatch.js';
import { allEvents } from '../support/rides.js';
import { type ApiClient, apiClient, onlineDriver, requestRide, seoul } from '../support/http-client.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

type HistoryEntry = { type: string; actor: { role: string; id: string }; data: Record<string, any> };

describe('The dispatch centre’s commands', () => {
  let app: TestApp;
  let api: ApiClient;
  let operator: ApiClient;
  before(async () => {
    app = await startTestApp({ AUTO_DISPATCH: 'off' });
    api = apiClient(app.url);
    operator = api.as({ role: 'operator', subject: 'op-kim' });
  });
  after(async () => app.stop());

  const historyOf = async (callId: string): Promise<HistoryEntry[]> => (await operator.get(`/api/calls/${callId}/history`)).body;
  const driving = async (passengerId: string) => {
    const driverId = await onlineDriver(api, 'Ride');
    const callId = await requestRide(api, passengerId);
    await api.post(`/api/calls/${callId}/accept`, { driverId });
    expect((await api.post(`/api/calls/${callId}/start`, { driverId })).status).to.equal(200);
    return { callId, driverId };
  };

  describe('phone booking', () => {
    const booking = { phone: '010-1234-5678', name: 'Lee', pickup: seoul.station, destination: seoul.gangnam, locale: 'ko' };

    it('creates a call for the passenger of that number, marked as booked by the centre', async () => {
      const booked = await operator.post('/api/bookings', booking);
      expect(booked.status).to.equal(201);
      expect(booked.body.status).to.equal('REQUESTED');
      expect(booked.body.passengerId).to.match(/^ph-[0-9a-f]{32}$/);
      const entry = await operator.get(`/api/calls/${booked.body.callId}?minPosition=${booked.body.position}`);
      expect([entry.body.passengerId, entry.body.bookedBy]).to.deep.equal([booked.body.passengerId, { role: 'operator', id: 'op-kim' }]);
      const requested = (await historyOf(booked.body.callId)).find((e) => e.type === 'CallRequested')!;
      expect(requested.actor).to.deep.equal({ role: 'operator', id: 'op-kim' });
    });

    it('finds the same passenger by the same number written otherwise, and keeps the one-open-call rule', async () => {
      const first = await operator.post('/api/bookings', { ...booking, phone: '010 9876 5432' });
      const second = await operator.post('/api/bookings', { ...booking, phone: '010-9876-5432' });
      expect([second.status, second.body.error.code, second.body.error.details.passengerId]).to.deep.equal([
        409,
        'PASSENGER_HAS_OPEN_CALL',
        first.body.passengerId,
      ]);
    });

    it('never writes the number in clear in a stream name or an event', async () => {
      await operator.post('/api/bookings', { ...booking, phone: '010-5555-0199' });
      const events = await allEvents(storeOf(app.container));
      const digits = '01055550199';
      expect(events.filter((e) => e.streamName.includes(digits))).to.deep.equal([]);
      const contact = events.find((e) => e.type === 'PassengerContactRecorded' && (e.data as { phone: string }).phone === '010-5555-0199');
      expect(contact, 'the contact, opened by the crypto-shredding store').to.not.equal(undefined);
      const raw = ['events.db', 'events.db-wal']
        .map((file) => join(app.dataDir, file))
        .filter((file) => existsSync(file))
        .map((file) => readFileSync(file).toString('latin1'))
        .join('');
      expect(raw.includes('010-5555-0199') || raw.includes(digits), 'the number in the log files').to.equal(false);
    });

    it('refuses a bad number with VALIDATION_ERROR and a passenger with 403', async () => {
      const bad = await operator.post('/api/bookings', { ...booking, phone: 'call me' });
      expect([bad.status, bad.body.error.code]).to.deep.equal([400, 'VALIDATION_ERROR']);
      const passenger = await api.as({ role: 'passenger', subject: 'p-1' }).post('/api/bookings', booking);
      expect([passenger.status, passenger.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
    });
  });

  describe('assign', () => {
    it('dispatches a requested call to the chosen driver, recorded with the operator and the reason', async () => {
      const driverId = await onlineDriver(api, 'Chosen');
      const callId = await requestRide(api, 'p-assign');
      const assigned = await operator.post(`/api/calls/${callId}/assign`, { driverId, reason: 'regular customer' });
      expect([assigned.status, assigned.body.status, assigned.body.driverId]).to.deep.equal([200, 'DISPATCHED', driverId]);
      const entry = await operator.get(`/api/calls/${callId}?minPosition=${assigned.body.position}`);
      expect([entry.body.status, entry.body.driverId]).to.deep.equal(['DISPATCHED', driverId]);
      const accepted = (await historyOf(callId)).find((e) => e.type === 'DriverAccepted')!;
      expect([accepted.actor, accepted.data.reason]).to.deep.equal([{ role: 'operator', id: 'op-kim' }, 'regular customer']);
    });

    it('takes a dispatched call from its driver, who is freed and told', async () => {
      const previous = await onlineDriver(api, 'Previous');
      const next = await onlineDriver(api, 'Next');
      const callId = await requestRide(api, 'p-reassign');
      await api.post(`/api/calls/${callId}/accept`, { driverId: previous });
      const assigned = await operator.post(`/api/calls/${callId}/assign`, { driverId: next, reason: 'previous driver stuck in traffic' });
      expect([assigned.status, assigned.body.driverId]).to.deep.equal([200, next]);

      const freed = await api.get(`/api/drivers/${previous}?minPosition=${assigned.body.position}`);
      expect([freed.body.status, freed.body.currentCallId]).to.deep.equal(['ONLINE', null]);
      const told = await api.get(`/api/drivers/${previous}/notifications?minPosition=${assigned.body.position}`);
      expect(told.body.items.map((n: { kind: string }) => n.kind)).to.include('ASSIGNMENT_REASSIGNED');
      const entry = await operator.get(`/api/calls/${callId}?minPosition=${assigned.body.position}`);
      expect([entry.body.status, entry.body.driverId]).to.deep.equal(['DISPATCHED', next]);
      const released = (await historyOf(callId)).find((e) => e.type === 'DispatchReleased')!;
      expect([released.actor.role, released.data.driverId, released.data.reason]).to.deep.equal([
        'operator',
        previous,
        'previous driver stuck in traffic',
      ]);
      // The new driver can carry on with the ride.
      expect((await api.post(`/api/calls/${callId}/start`, { driverId: next })).status).to.equal(200);
    });

    it('refuses a driver on another ride with DRIVER_BUSY', async () => {
      const { driverId } = await driving('p-busy-ride');
      const callId = await requestRide(api, 'p-busy');
      const refused = await operator.post(`/api/calls/${callId}/assign`, { driverId });
      expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'DRIVER_BUSY']);
    });

    it('refuses an offline driver with DRIVER_OFFLINE', async () => {
      const { body } = await api.post('/api/drivers', { name: 'Asleep', vehicleNo: 'Z-1' });
      const callId = await requestRide(api, 'p-offline');
      const refused = await operator.post(`/api/calls/${callId}/assign`, { driverId: body.driverId });
      expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'DRIVER_OFFLINE']);
    });

    it('refuses a driver not registered for the ride type with RIDE_TYPE_MISMATCH', async () => {
      const { body } = await api.post('/api/drivers', { name: 'Standard', vehicleNo: 'S-1', rideTypes: ['STANDARD'] });
      await api.post(`/api/drivers/${body.driverId}/online`, { location: seoul.station });
      const { body: call } = await api.post('/api/calls', {
        passengerId: 'p-deluxe',
        pickup: seoul.station,
        destination: seoul.gangnam,
        rideType: 'DELUXE',
      });
      const refused = await operator.post(`/api/calls/${call.callId}/assign`, { driverId: body.driverId });
      expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'RIDE_TYPE_MISMATCH']);
    });

    it('refuses a ride under way with RIDE_ALREADY_STARTED and a cancelled call with CALL_ALREADY_CANCELLED', async () => {
      const other = await onlineDriver(api, 'Spare');
      const { callId } = await driving('p-started');
      const started = await operator.post(`/api/calls/${callId}/assign`, { driverId: other });
      expect([started.status, started.body.error.code]).to.deep.equal([409, 'RIDE_ALREADY_STARTED']);
      const cancelledId = await requestRide(api, 'p-cancelled');
      await api.post(`/api/calls/${cancelledId}/cancel`, {});
      const cancelled = await operator.post(`/api/calls/${cancelledId}/assign`, { driverId: other });
      expect([cancelled.status, cancelled.body.error.code]).to.deep.equal([409, 'CALL_ALREADY_CANCELLED']);
    });
  });

  describe('force-finish', () => {
    it('finishes a ride under way with the metered fare, pays it and frees the driver, recording why', async () => {
      const { callId, driverId } = await driving('p-force');
      const finished = await operator.post(`/api/calls/${callId}/force-finish`, { reason: 'driver phone dead' });
      expect([finished.status, finished.body.status, finished.body.fare]).to.deep.equal([200, 'FINISHED', { amount: 1000, currency: 'KRW' }]);
      expect(finished.body.payment.status).to.equal('APPROVED');
      const freed = await api.get(`/api/drivers/${driverId}?minPosition=${finished.body.position}`);
      expect(freed.body.currentCallId).to.equal(null);
      const ride = (await historyOf(callId)).find((e) => e.type === 'RideFinished')!;
      expect([ride.actor, ride.data.forced]).to.deep.equal([
        { role: 'operator', id: 'op-kim' },
        { reason: 'driver phone dead', fareEntered: false },
      ]);
    });

    it('charges the fare the operator enters', async () => {
      const { callId } = await driving('p-force-fare');
      const finished = await operator.post(`/api/calls/${callId}/force-finish`, { reason: 'meter broken', fare: { amount: 12_300 } });
      expect(finished.body.fare).to.deep.equal({ amount: 12_300, currency: 'KRW' });
      const entry = await operator.get(`/api/calls/${callId}?minPosition=${finished.body.position}`);
      expect([entry.body.status, entry.body.fare.amount]).to.deep.equal(['FINISHED', 12_300]);
    });

    it('refuses a ride not started with RIDE_NOT_STARTED and a finished one with RIDE_ALREADY_FINISHED', async () => {
      const driverId = await onlineDriver(api, 'Waiting');
      const callId = await requestRide(api, 'p-force-early');
      await api.post(`/api/calls/${callId}/accept`, { driverId });
      const early = await operator.post(`/api/calls/${callId}/force-finish`, { reason: 'stuck' });
      expect([early.status, early.body.error.code]).to.deep.equal([409, 'RIDE_NOT_STARTED']);
      const done = await driving('p-force-late');
      await api.post(`/api/calls/${done.callId}/finish`, { driverId: done.driverId });
      const late = await operator.post(`/api/calls/${done.callId}/force-finish`, { reason: 'stuck' });
      expect([late.status, late.body.error.code]).to.deep.equal([409, 'RIDE_ALREADY_FINISHED']);
    });
  });

  describe('setting a driver offline', () => {
    it('is recorded with the operator as actor', async () => {
      const driverId = await onlineDriver(api, 'Gone');
      const offline = await operator.post(`/api/drivers/${driverId}/offline`, {});
      expect([offline.status, offline.body.status]).to.deep.equal([200, 'OFFLINE']);
      const [event] = (await storeOf(app.container).readStream(`driver-${driverId}`)).filter((e) => e.type === 'DriverWentOffline');
      expect(event!.metadata.actor).to.deep.equal({ role: 'operator', id: 'op-kim' });
    });

    it('is refused with DRIVER_BUSY while the driver is on a ride', async () => {
      const { driverId } = await driving('p-offline-busy');
      const refused = await operator.post(`/api/drivers/${driverId}/offline`, {});
      expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'DRIVER_BUSY']);
    });
  });
});
