import { expect } from 'chai';
import type { RecordedEvent } from '../../../src/application/ports/event-store.js';
import { applyEvent, keyFor, type Projection, type ReadModelDocument } from '../../../src/projections/projection.js';
import { READ_MODELS } from '../../../src/projections/read-models.js';
import { aWholeRide, recordAll } from '../../support/recorded.js';

/**
 * Each projection's idempotence as every caller gets it: every event goes through `applyEvent`
 * (whose position guard is the one place that skips what was applied), however often it is
 * delivered, with no other skip around it.
 */
const fold = (projection: Projection<ReadModelDocument>, events: RecordedEvent[], documents = new Map<string, ReadModelDocument>()) => {
  for (const event of events) {
    const key = keyFor(projection, event);
    if (key === null) continue;
    const next = applyEvent(projection, documents.get(key) ?? null, event);
    if (next) documents.set(key, next);
    else documents.delete(key);
  }
  return documents;
};

const history = recordAll([
  {
    type: 'DriverRegistered',
    data: { driverId: 'd-1', name: 'Kim', vehicleNo: '12가3456', rideTypes: ['STANDARD'], registeredAt: '2026-11-25T08:00:00.000Z' },
  },
  { type: 'DriverWentOnline', data: { driverId: 'd-1', location: { lat: 37.5, lng: 127 }, at: '2026-11-25T08:30:00.000Z' } },
  ...aWholeRide('call-1', 'p-1', 'd-1'),
  { type: 'DriverReleased', data: { driverId: 'd-1', callId: 'call-1', reason: 'RIDE_FINISHED', at: '2026-11-25T09:17:30.000Z' } },
  ...aWholeRide('call-2', 'p-2', 'd-1').slice(0, 1),
  { type: 'CallCancelled', data: { callId: 'call-2', reason: null, cancelledBy: 'passenger', cancelledAt: '2026-11-25T09:20:00.000Z' } },
  ...aWholeRide('call-3', 'p-3', 'd-1').slice(0, 2),
  // An assignment the customer centre cancels: what the driver's notifications hold.
  {
    type: 'DriverReleased',
    data: { driverId: 'd-1', callId: 'call-3', reason: 'CALL_CANCELLED', cancelledBy: 'operator', at: '2026-11-25T09:25:00.000Z' },
  },
  { type: 'CallCancelled', data: { callId: 'call-1', reason: 'fare complaint', cancelledBy: 'operator', cancelledAt: '2026-11-25T09:30:00.000Z' } },
  { type: 'PaymentRefunded', data: { paymentId: 'pay-call-1', callId: 'call-1', gatewayReference: 're_1', refundedAt: '2026-11-25T09:31:00.000Z' } },
  { type: 'DriverWentOffline', data: { driverId: 'd-1', at: '2026-11-25T10:00:00.000Z' } },
]);

for (const projection of READ_MODELS) {
  describe(`The ${projection.name} projection by itself`, () => {
    const once = fold(projection, history);

    it('has something to show for the history (else the checks below prove nothing)', () => {
      expect(once.size).to.be.greaterThan(0);
    });

    it('yields the same documents when every event is delivered twice in a row', () => {
      expect(
        fold(
          projection,
          history.flatMap((event) => [event, event]),
        ),
      ).to.deep.equal(once);
    });

    it('yields the same documents when the whole history is applied again on top', () => {
      expect(fold(projection, history, fold(projection, history))).to.deep.equal(once);
    });

    it('leaves a document unchanged when an event it already applied arrives late', () => {
      for (const event of history) {
        const key = keyFor(projection, event);
        const document = key === null ? undefined : once.get(key);
        if (!document) continue;
        expect(applyEvent(projection, document, event), `${event.type} at ${event.position} re-delivered`).to.deep.equal(document);
      }
    });
  });
}
