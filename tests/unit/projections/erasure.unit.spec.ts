import { expect } from 'chai';
import { type Erasure, keyFor, type Projection, type ReadModelDocument } from '../../../src/projections/projection.js';
import { READ_MODELS } from '../../../src/projections/read-models.js';
import { dashboardProjection } from '../../../src/projections/dashboard/dashboard.projection.js';
import { notificationsProjection } from '../../../src/projections/notifications/notifications.projection.js';
import { paymentsProjection } from '../../../src/projections/payments/payments.projection.js';
import { receiptsProjection } from '../../../src/projections/receipts/receipts.projection.js';
import { driverRidesProjection } from '../../../src/projections/driver-rides/driver-rides.projection.js';
import { driverNotificationsProjection } from '../../../src/projections/driver-notifications/driver-notifications.projection.js';
import { dailyReportProjection } from '../../../src/projections/daily-report/daily-report.projection.js';
import { callListProjection } from '../../../src/projections/call-list/call-list.projection.js';
import { driversProjection } from '../../../src/projections/drivers/drivers.projection.js';
import { ERASED, erasedValue } from '../../../src/domain/privacy/personal-data.js';
import type { LogEvent } from '../../../src/domain/events.js';
import { aWholeRide, looseEvent, recordAll } from '../../support/recorded.js';
import { replay } from '../../support/replay.js';

const passenger: Erasure = { kind: 'passenger', personId: 'p-1', erasedAt: '2026-11-26T00:00:00.000Z' };
const driver: Erasure = { kind: 'driver', personId: 'd-1', erasedAt: '2026-11-26T00:00:00.000Z' };

const forgetAll = <Doc extends ReadModelDocument>(projection: Projection<Doc>, documents: Map<string, Doc>, erasure: Erasure) => {
  const field = projection.forgets?.[erasure.kind];
  const result = new Map<string, Doc>();
  for (const [id, document] of documents) {
    const matches = field !== undefined && (document as Record<string, unknown>)[field] === erasure.personId;
    const next = matches ? projection.forget!(document, erasure) : document;
    if (next) result.set(id, next);
  }
  return result;
};

/** The ride as an erased person's events read: personal fields in their erased form. */
const erasedRide = (): LogEvent[] =>
  aWholeRide().map((event) => {
    const data: Record<string, unknown> = event.data;
    const erased = Object.fromEntries(
      ['pickup', 'destination', 'driverName', 'vehicleNo', 'name'].filter((f) => f in data).map((f) => [f, erasedValue(data[f])]),
    );
    return looseEvent(event.type, { ...data, ...erased });
  });

describe('Read models forgetting an erased person', () => {
  for (const projection of READ_MODELS) {
    describe(projection.name, () => {
      // A finished ride and an open call, so every model holds something of the person.
      const registered: LogEvent = {
        type: 'DriverRegistered',
        data: { driverId: 'd-1', name: 'Kim', vehicleNo: '12가3456', rideTypes: ['STANDARD'], registeredAt: 't' },
      };
      // And an assignment cancelled, which is all the driver's notifications hold.
      const released: LogEvent = {
        type: 'DriverReleased',
        data: { driverId: 'd-1', callId: 'call-3', reason: 'CALL_CANCELLED', cancelledBy: 'passenger', at: 't' },
      };
      const documents = replay(projection, recordAll([registered, ...aWholeRide('call-1'), ...aWholeRide('call-2').slice(0, 2), released]));

      // A model lists the kinds of person it holds anything of; the others are not its business.
      for (const erasure of [passenger, driver].filter((e) => projection.forgets?.[e.kind])) {
        it(`keeps nothing personal of the ${erasure.kind} it forgets, and forgetting twice changes nothing`, () => {
          expect(documents.size).to.be.greaterThan(0);
          expect(JSON.stringify([...documents.values()])).to.match(/"p-1"|"d-1"/);
          const once = forgetAll(projection, documents, erasure);
          expect(JSON.stringify([...once.values()])).not.to.match(
            erasure.kind === 'passenger' ? /Seoul Station|Gangnam|"p-1"/ : /Kim|12가3456|"d-1"/,
          );
          const field = projection.forgets![erasure.kind]!;
          const matched = [...documents]
            .filter(([, document]) => (document as Record<string, unknown>)[field] === erasure.personId)
            .map(([id]) => id);
          expect(matched).not.to.be.empty;
          for (const id of matched.filter((id) => once.has(id))) expect(projection.forget!(once.get(id)!, erasure), id).to.deep.equal(once.get(id));
        });
      }

      it('never throws on the erasure event itself, nor on events whose personal fields read as erased', () => {
        const erasureEvent = recordAll([{ type: 'PersonalDataErased', data: passenger }], 100)[0]!;
        expect(keyFor(projection, erasureEvent)).to.equal(null);
        expect(() => replay(projection, recordAll(erasedRide()))).not.to.throw();
      });
    });
  }

  it('leaves the fare and the status of a forgotten passenger’s ride, so counts and revenue still add up', () => {
    const entry = replay(dashboardProjection, recordAll(aWholeRide())).get('call-1')!;
    const forgotten = dashboardProjection.forget!(entry, passenger)!;
    expect(forgotten).to.deep.include({
      status: entry.status,
      fare: entry.fare,
      paymentStatus: entry.paymentStatus,
      rideType: entry.rideType,
      passengerId: '[erased]',
    });
    expect(JSON.stringify(forgotten)).not.to.match(/Seoul Station|Gangnam/);
  });

  it('says a forgotten driver’s message again without their name', () => {
    const thread = replay(notificationsProjection, recordAll(aWholeRide())).get('call-1')!;
    const forgotten = notificationsProjection.forget!(thread, driver)!;
    expect(JSON.stringify(forgotten)).not.to.match(/Kim|12가3456/);
    expect(forgotten.notifications.map((n) => n.kind)).to.deep.equal(thread.notifications.map((n) => n.kind));
  });

  it('keeps a forgotten passenger’s payment: amount, status and attempts, without who paid', () => {
    const view = replay(paymentsProjection, recordAll(aWholeRide())).get('pay-call-1')!;
    const forgotten = paymentsProjection.forget!(view, passenger)!;
    expect(forgotten).to.deep.equal({ ...view, passengerId: ERASED });
    expect(forgotten.amount).to.deep.equal({ amount: 13000, currency: 'KRW' });
    expect(paymentsProjection.forgets).to.deep.equal({ passenger: 'passengerId' });
  });

  it('keeps a receipt’s fare, distance and payment when its passenger or driver is forgotten', () => {
    const receipt = replay(receiptsProjection, recordAll(aWholeRide())).get('call-1')!;
    const withoutPassenger = receiptsProjection.forget!(receipt, passenger)!;
    expect(withoutPassenger).to.deep.include({
      passengerId: ERASED,
      driverId: 'd-1',
      fare: receipt.fare,
      durationSeconds: 750,
      payment: receipt.payment,
      rideType: 'STANDARD',
    });
    expect(withoutPassenger.pickup).to.deep.equal({ lat: null, lng: null, address: ERASED });
    expect(JSON.stringify(withoutPassenger)).not.to.match(/Seoul Station|Gangnam|"p-1"/);
    const withoutDriver = receiptsProjection.forget!(receipt, driver)!;
    expect(withoutDriver).to.deep.equal({ ...receipt, driverId: ERASED });
    expect(withoutDriver.payment).to.deep.include({ status: 'APPROVED', amount: { amount: 13000, currency: 'KRW' } });
  });

  it('keeps the driver’s rides and earnings when a passenger is forgotten, and the fares when the driver is', () => {
    const rides = replay(driverRidesProjection, recordAll([...aWholeRide('call-1'), ...aWholeRide('call-2', 'p-2')]));
    const earnings = (all: Iterable<{ fare: { amount: number } | null }>) => [...all].reduce((sum, ride) => sum + (ride.fare?.amount ?? 0), 0);
    const withoutPassenger = forgetAll(driverRidesProjection, rides, passenger);
    expect(withoutPassenger.get('call-1')).to.deep.include({
      passengerId: ERASED,
      driverId: 'd-1',
      status: 'FINISHED',
      fare: { amount: 13000, currency: 'KRW' },
    });
    expect(withoutPassenger.get('call-2')).to.deep.equal(rides.get('call-2'));
    expect(earnings(withoutPassenger.values())).to.equal(earnings(rides.values())).and.to.equal(26000);
    const withoutDriver = forgetAll(driverRidesProjection, rides, driver);
    expect([...withoutDriver.values()].map((ride) => ride.driverId)).to.deep.equal([ERASED, ERASED]);
    expect(earnings(withoutDriver.values())).to.equal(26000);
    // A pending offer to the erased driver goes too.
    const offered = { ...rides.get('call-1')!, driverId: null, status: 'OPEN' as const, offeredTo: 'd-1' };
    expect(driverRidesProjection.forget!(offered, driver)).to.deep.include({ driverId: null, offeredTo: null });
  });

  it('drops a forgotten driver’s notifications, their call-list-free profile, and a forgotten passenger’s open call', () => {
    const thread = replay(
      driverNotificationsProjection,
      recordAll([
        { type: 'DriverReleased', data: { driverId: 'd-1', callId: 'call-1', reason: 'CALL_CANCELLED', cancelledBy: 'passenger', at: 't' } },
      ]),
    ).get('d-1:call-1')!;
    expect(thread.notifications).to.have.length(1);
    expect(driverNotificationsProjection.forget!(thread, driver)).to.equal(null);
    const open = replay(callListProjection, recordAll(aWholeRide().slice(0, 1))).get('call-1')!;
    expect(open.passengerId).to.equal('p-1');
    expect(callListProjection.forget!(open, passenger)).to.equal(null);
    expect(driversProjection.forgets).to.deep.equal({ driver: 'driverId' });
  });

  it('leaves the daily report alone: it holds nobody’s id nor personal data, only what it adds up', () => {
    const calls = replay(dailyReportProjection, recordAll([...aWholeRide('call-1'), ...aWholeRide('call-2').slice(0, 3)]));
    expect(dailyReportProjection.forgets).to.equal(undefined);
    expect(JSON.stringify([...calls.values()])).not.to.match(/"p-1"|"d-1"|Seoul Station|Gangnam|Kim|12가3456/);
    expect(calls.get('call-1')).to.deep.include({ outcome: 'FINISHED', fare: 13000, currency: 'KRW' });
  });
});
