import { expect } from 'chai';
import type { RecordedEvent } from '../../../src/application/ports/event-store.js';
import { applyEvent, keyFor, type Projection, type ReadModelDocument } from '../../../src/projections/projection.js';
import { READ_MODELS } from '../../../src/projections/read-models.js';
import { driversProjection } from '../../../src/projections/drivers/drivers.projection.js';
import { everyEventType } from '../../support/every-event.js';
import { recordAll } from '../../support/recorded.js';

/**
 * Each projection's idempotence as every caller gets it: every event goes through `applyEvent`
 * (whose position guard is the one place that skips what was applied), however often it is
 * delivered, with no other skip around it.
 */
const fold = <Doc extends ReadModelDocument>(projection: Projection<Doc>, events: RecordedEvent[], documents = new Map<string, Doc>()) => {
  for (const event of events) {
    const key = keyFor(projection, event);
    if (key === null) continue;
    const next = applyEvent(projection, documents.get(key) ?? null, event);
    if (next) documents.set(key, next);
    else documents.delete(key);
  }
  return documents;
};

/** Every event type of the log, so a reader that counts (ratings, retries) is exercised too. */
const history = recordAll(everyEventType);

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

describe('The drivers projection, which counts ratings', () => {
  it('counts each rating once, however often it is delivered', () => {
    const twice = fold(
      driversProjection,
      history.flatMap((event) => [event, event]),
    );
    expect(['d-1', 'd-2'].map((id) => twice.get(id)).map((driver) => driver && [driver.ratingCount, driver.averageRating])).to.deep.equal([
      [1, 4],
      [1, 2],
    ]);
  });
});
