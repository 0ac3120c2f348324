import { expect } from 'chai';
import type { ReadStore } from '../../../src/application/ports/read-store.js';
import { changesOfBatch } from '../../../src/projections/projection-runner.js';
import { driversProjection } from '../../../src/projections/drivers/drivers.projection.js';
import { defineProjection, keyFor, type ReadModelDocument } from '../../../src/projections/projection.js';
import { projectionSpec } from '../../support/projection-spec.js';
import { aWholeRide, recordAll } from '../../support/recorded.js';

type Requested = ReadModelDocument & { passengerId: string };

/** A read model of requests that notes every event its `keyOf` and `evolve` were handed. */
const requestsSeeing = (seen: string[]) =>
  defineProjection<Requested, 'CallRequested'>({
    name: 'requests',
    collection: 'requests',
    indexes: [],
    canHandle: ['CallRequested'],
    keyOf: (event) => {
      seen.push(`keyOf ${event.type}`);
      return event.data.callId;
    },
    evolve: (document, event) => {
      seen.push(`evolve ${event.type}`);
      return document ?? { id: event.data.callId, position: event.position, passengerId: event.data.passengerId };
    },
  });

/** Nothing stored yet: every document starts from null. */
const emptyStore = { get: async () => null, find: async () => [] } as unknown as ReadStore;

describe('A projection reads only the events it can handle', () => {
  const ride = recordAll(aWholeRide('call-1', 'p-1', 'd-1'));

  it('is asked about no other event, by keyFor', () => {
    const seen: string[] = [];
    const projection = requestsSeeing(seen);
    expect(ride.map((event) => keyFor(projection, event))).to.deep.equal(ride.map((event) => (event.type === 'CallRequested' ? 'call-1' : null)));
    expect(seen).to.deep.equal(['keyOf CallRequested']);
  });

  it('is handed no other event by the runner', async () => {
    const seen: string[] = [];
    const [commit] = await changesOfBatch(
      [{ projection: requestsSeeing(seen), target: { checkpoint: 'read-model:requests', collection: 'requests' } }],
      emptyStore,
      ride,
    );
    expect(seen).to.deep.equal(['keyOf CallRequested', 'evolve CallRequested']);
    expect(commit!.changes.map((change) => change.kind === 'upsert' && change.document)).to.deep.equal([
      { id: 'call-1', position: 1, passengerId: 'p-1' },
    ]);
  });

  it('gives its documents as the projection spec helper shows them', () => {
    projectionSpec(requestsSeeing([]))
      .given(aWholeRide('call-1', 'p-1', 'd-1'))
      .thenDocuments([{ id: 'call-1', position: 1, passengerId: 'p-1' }]);
  });
});

describe('Applying an event to a document', () => {
  const history = recordAll([
    {
      type: 'DriverRegistered',
      data: { driverId: 'd-1', name: 'Kim', vehicleNo: '12가3456', rideTypes: ['STANDARD'], registeredAt: '2026-11-25T08:00:00.000Z' },
    },
    { type: 'RideRated', data: { callId: 'call-1', passengerId: 'p-1', driverId: 'd-1', stars: 4, ratedAt: '2026-11-25T10:00:00.000Z' } },
  ]);

  it('counts a re-delivered rating once: an event at the document position was applied already', () => {
    projectionSpec(driversProjection)
      .given([...history, history[1]!])
      .thenDocument('d-1', { position: 2, ratingCount: 1, ratingSum: 4 });
  });
});
