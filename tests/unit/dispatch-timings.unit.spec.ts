import { expect } from 'chai';
import type { EventStore } from '../../src/application/ports/event-store.js';
import type { DispatchStage } from '../../src/infrastructure/metrics/metrics.js';
import { DispatchTimings } from '../../src/infrastructure/metrics/dispatch-timings.js';
import { aWholeRide, recordAll } from '../support/recorded.js';

describe('Dispatch timings', () => {
  const observed: Array<[DispatchStage, number]> = [];
  const timings = new DispatchTimings(
    {} as EventStore,
    { observeDispatch: (stage, seconds) => void observed.push([stage, seconds]) },
    { warn: () => {}, error: () => {} },
  );
  const offer = (offerId: string, offeredAt: string) => ({
    type: 'CallOffered' as const,
    data: { callId: 'call-1', driverId: 'd-1', offerId, offeredAt, expiresAt: offeredAt },
  });

  it('measures the first offer and the accept from the request, once each', () => {
    const [requested, , accepted] = aWholeRide('call-1', 'p-1', 'd-1'); // requested 09:00:00, accepted 09:01:00
    const history = recordAll([requested!, offer('o-1', '2026-11-25T09:00:04.000Z'), offer('o-2', '2026-11-25T09:00:20.000Z'), accepted!]);
    for (const event of history) timings.observe(event);
    expect(observed).to.deep.equal([
      ['first_offer', 4],
      ['accept', 60],
    ]);
  });

  it('measures nothing for a call it did not see requested', () => {
    observed.length = 0;
    for (const event of recordAll([offer('o-3', '2026-11-25T10:00:00.000Z')])) timings.observe(event);
    expect(observed).to.deep.equal([]);
  });
});
