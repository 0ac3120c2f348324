import { expect } from 'chai';
import type { RecordedEvent } from '../../../src/application/ports/event-store.js';
import type { LogEvent } from '../../../src/domain/events.js';
import { driverNotificationsProjection } from '../../../src/projections/driver-notifications/driver-notifications.projection.js';
import { driverRidesProjection } from '../../../src/projections/driver-rides/driver-rides.projection.js';
import type { Projection, ReadModelDocument } from '../../../src/projections/projection.js';
import { projectionSpec } from '../../support/projection-spec.js';
import { aWholeRide, recordAll } from '../../support/recorded.js';

/** The documents the events make, applied as the runner applies them. */
const fold = <Doc extends ReadModelDocument>(projection: Projection<Doc>, events: RecordedEvent[]) =>
  projectionSpec(projection).given(events).documents;

const offered: LogEvent = { type: 'CallOffered', data: { callId: 'call-1', driverId: 'd-9', offerId: 'o-1', offeredAt: 't', expiresAt: 't2' } };
const declined: LogEvent = { type: 'OfferDeclined', data: { callId: 'call-1', driverId: 'd-9', offerId: 'o-1', declinedAt: 't' } };
const cancelledForDriver: LogEvent = {
  type: 'DriverReleased',
  data: { driverId: 'd-1', callId: 'call-1', reason: 'CALL_CANCELLED', at: 't', cancelledBy: 'operator' },
};

describe('Driver rides projection', () => {
  it('keeps the assigned driver, the fare and the times of a whole ride', () => {
    expect(fold(driverRidesProjection, recordAll(aWholeRide())).get('call-1')).to.deep.include({
      driverId: 'd-1',
      status: 'FINISHED',
      fare: { amount: 13000, currency: 'KRW' },
      acceptedAt: '2026-11-25T09:01:00.000Z',
      offeredTo: null,
    });
  });

  it('knows who holds the pending offer, until it ends', () => {
    const [requested] = aWholeRide();
    expect(fold(driverRidesProjection, recordAll([requested!, offered])).get('call-1')!.offeredTo).to.equal('d-9');
    expect(fold(driverRidesProjection, recordAll([requested!, offered, declined])).get('call-1')!.offeredTo).to.equal(null);
  });

  it('yields the same document when every event is applied twice', () => {
    const events = recordAll(aWholeRide());
    const once = fold(driverRidesProjection, events).get('call-1');
    expect(
      fold(
        driverRidesProjection,
        events.flatMap((event) => [event, event]),
      ).get('call-1'),
    ).to.deep.equal(once);
    const { position: _p, ...replayedWhole } = fold(driverRidesProjection, [...events, ...events]).get('call-1')!;
    const { position: _q, ...whole } = once!;
    expect(replayedWhole).to.deep.equal(whole);
  });
});

describe('Driver notifications projection', () => {
  it('keeps what a driver was told, once per event, even when the event is applied twice', () => {
    const events = recordAll([...aWholeRide().slice(0, 3), cancelledForDriver]);
    const once = fold(driverNotificationsProjection, events);
    const twice = fold(driverNotificationsProjection, [...events, ...events]);
    expect(twice.get('d-1:call-1')).to.deep.equal(once.get('d-1:call-1'));
    expect(once.get('d-1:call-1')!.notifications.map((n) => [n.kind, n.message])).to.deep.equal([
      ['ASSIGNMENT_CANCELLED', 'Our customer centre cancelled the call. You are free to take the next call.'],
    ]);
  });
});
