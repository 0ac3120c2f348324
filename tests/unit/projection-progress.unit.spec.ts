import { expect } from 'chai';
import type { EventStore, RecordedEvent } from '../../src/application/ports/event-store.js';
import { followerProgress, projectionProgress } from '../../src/infrastructure/metrics/projection-progress.js';

/** Only position and time matter to the progress; the event's payload is never read. */
const recorded = (position: number, timestamp: string): RecordedEvent => ({
  eventId: `e${position}`,
  type: 'CallExpired',
  data: { callId: 'c', reason: 'NO_DRIVER_FOUND', expiredAt: timestamp },
  metadata: { correlationId: 'c', causationId: 'c', actor: { role: 'system', id: 'test' }, timestamp },
  streamName: 'call-c',
  revision: position - 1,
  position,
});

/** Only what the progress reads: the head and the events after a position. */
const logOf = (events: RecordedEvent[]): Pick<EventStore, 'headPosition' | 'readAll'> => ({
  headPosition: async () => events.at(-1)?.position ?? 0,
  readAll: async ({ after = 0, maxCount = Infinity } = {}) => events.filter((event) => event.position > after).slice(0, maxCount),
});

describe('Projection progress', () => {
  const clock = { now: () => new Date('2026-12-02T10:00:10Z') };
  const log = logOf([recorded(1, '2026-12-02T10:00:00Z'), recorded(2, '2026-12-02T10:00:04Z'), recorded(3, '2026-12-02T10:00:09Z')]);

  it('is the age of the oldest event the projection has not applied', async () => {
    expect(await projectionProgress(log, clock, 1)).to.deep.equal({ position: 1, head: 3, lagSeconds: 6 });
  });

  it('is zero seconds behind once caught up, whatever the age of the last event', async () => {
    expect(await projectionProgress(log, clock, 3)).to.deep.equal({ position: 3, head: 3, lagSeconds: 0 });
  });

  it("reads every other follower's progress from the checkpoints it saved, and leaves the read models to their own gauges", async () => {
    const checkpoints = {
      listCheckpoints: async () => [
        { name: 'live:offer-board', position: 3 },
        { name: 'process:notifier', position: 2 },
        { name: 'process:ride-lifecycle', position: 1 },
        { name: 'read-model:dashboard', position: 1 },
        { name: 'rebuild:dashboard', position: 1 },
      ],
    };
    expect([...(await followerProgress(checkpoints, log, clock))]).to.deep.equal([
      ['live:offer-board', { position: 3, head: 3, lagSeconds: 0 }],
      ['process:notifier', { position: 2, head: 3, lagSeconds: 1 }],
      ['process:ride-lifecycle', { position: 1, head: 3, lagSeconds: 6 }],
    ]);
  });
});
