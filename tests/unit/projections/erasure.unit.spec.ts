import { expect } from 'chai';
import type { Erasure, Projection, ReadModelDocument } from '../../../src/projections/projection.js';
import { READ_MODELS } from '../../../src/projections/read-models.js';
import { dashboardProjection } from '../../../src/projections/dashboard/dashboard.projection.js';
import { notificationsProjection } from '../../../src/projections/notifications/notifications.projection.js';
import { erasedValue } from '../../../src/domain/privacy/personal-data.js';
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
    const erased = Object.fromEntries(['pickup', 'destination', 'driverName', 'vehicleNo', 'name'].filter((f) => f in data).map((f) => [f, erasedValue(data[f])]));
    return looseEvent(event.type, { ...data, ...erased });
  });

describe('Read models forgetting an erased person', () => {
  for (const projection of READ_MODELS) {
    describe(projection.name, () => {
      // A finished ride and an open call, so every model holds something of the person.
      const registered: LogEvent = { type: 'DriverRegistered', data: { driverId: 'd-1', name: 'Kim', vehicleNo: '12가3456', rideTypes: ['STANDARD'], registeredAt: 't' } };
      const documents = replay(projection, recordAll([registered, ...aWholeRide('call-1'), ...aWholeRide('call-2').slice(0, 2)]));

      // A model lists the kinds of person it holds anything of; the others are not its business.
      for (const erasure of [passenger, driver].filter((e) => projection.forgets?.[e.kind])) {
        it(`keeps nothing personal of the ${erasure.kind} it forgets, and forgetting twice changes nothing`, () => {
          expect(documents.size).to.be.greaterThan(0);
          expect(JSON.stringify([...documents.values()])).to.match(/"p-1"|"d-1"/);
          const once = forgetAll(projection, documents, erasure);
          expect(JSON.stringify([...once.values()])).not.to.match(erasure.kind === 'passenger' ? /Seoul Station|Gangnam|"p-1"/ : /Kim|12가3456|"d-1"/);
          const field = projection.forgets![erasure.kind]!;
          const matched = [...documents].filter(([, document]) => (document as Record<string, unknown>)[field] === erasure.personId).map(([id]) => id);
          expect(matched).not.to.be.empty;
          for (const id of matched.filter((id) => once.has(id))) expect(projection.forget!(once.get(id)!, erasure), id).to.deep.equal(once.get(id));
        });
      }

      it('never throws on the erasure event itself, nor on events whose personal fields read as erased', () => {
        const erasureEvent = recordAll([{ type: 'PersonalDataErased', data: passenger }], 100)[0]!;
        expect(projection.keyOf(erasureEvent)).to.equal(null);
        expect(() => replay(projection, recordAll(erasedRide()))).not.to.throw();
      });
    });
  }

  it('leaves the fare and the status of a forgotten passenger’s ride, so counts and revenue still add up', () => {
    const entry = replay(dashboardProjection, recordAll(aWholeRide())).get('call-1')!;
    const forgotten = dashboardProjection.forget!(entry, passenger)!;
    expect(forgotten).to.deep.include({ status: entry.status, fare: entry.fare, paymentStatus: entry.paymentStatus, rideType: entry.rideType, passengerId: '[erased]' });
    expect(JSON.stringify(forgotten)).not.to.match(/Seoul Station|Gangnam/);
  });

  it('says a forgotten driver’s message again without their name', () => {
    const thread = replay(notificationsProjection, recordAll(aWholeRide())).get('call-1')!;
    const forgotten = notificationsProjection.forget!(thread, driver)!;
    expect(JSON.stringify(forgotten)).not.to.match(/Kim|12가3456/);
    expect(forgotten.notifications.map((n) => n.kind)).to.deep.equal(thread.notifications.map((n) => n.kind));
  });
});
