import { expect } from 'chai';
import fc from 'fast-check';
import { SharedTailReader } from '../../src/infrastructure/event-store/shared-tail-reader.js';
import { newEvent, uniqueStream } from '../support/events.js';
import { recordingReads, scratchEventStore } from '../support/scratch-event-store.js';

describe('Shared tail reader', () => {
  const scratch = scratchEventStore('taxi-tail-');

  it('reads new events from the store once for all the consumers that follow the tail', async () => {
    const { store } = scratch;
    const { spy, reads } = recordingReads(store);
    const reader = new SharedTailReader(spy);
    await store.appendToStream(uniqueStream(), [newEvent('A'), newEvent('B')], 'no_stream');
    const consumers = Array.from({ length: 10 }, () => 0);
    for (let i = 0; i < consumers.length; i += 1) consumers[i] = (await reader.readAll({ after: 0 })).at(-1)!.position;

    const appended = await store.appendToStream(uniqueStream(), [newEvent('C')], 'no_stream');
    for (let i = 0; i < consumers.length; i += 1) {
      const batch = await reader.readAll({ after: consumers[i] });
      expect(batch.map((event) => event.type)).to.deep.equal(['C']);
      consumers[i] = batch.at(-1)!.position;
    }
    expect(consumers.every((position) => position === appended.position)).to.equal(true);
    // Two events, then one: each read from the store once, not ten times.
    expect(reads.log.reduce((sum, read) => sum + read.returned, 0)).to.equal(3);
    // At the head, with nothing newer announced, a consumer's next read costs no store read.
    const storeReads = reads.log.length;
    expect(await reader.readAll({ after: appended.position })).to.deep.equal([]);
    expect(reads.log.length).to.equal(storeReads);
  });

  it('hands out frozen events, so no consumer can change what the others see', async () => {
    const { store } = scratch;
    const reader = new SharedTailReader(store);
    await store.appendToStream(uniqueStream(), [newEvent('A', { nested: { n: 1 } })], 'no_stream');
    const [event] = await reader.readAll();
    expect(Object.isFrozen(event)).to.equal(true);
    expect(Object.isFrozen((event!.data as object as { nested: object }).nested)).to.equal(true);
  });

  it('answers every read exactly as the store does, whatever the order of appends and reads', async () => {
    type Step = { kind: 'append'; events: number } | { kind: 'read'; back: number; maxCount: number };
    const step = fc.oneof(
      fc.record({ kind: fc.constant('append' as const), events: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ kind: fc.constant('read' as const), back: fc.integer({ min: 0, max: 40 }), maxCount: fc.integer({ min: 1, max: 12 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), fc.integer({ min: 3, max: 20 }), async (steps: Step[], maxEvents) => {
        const { store } = scratch;
        const reader = new SharedTailReader(store, { maxEvents });
        for (const current of steps) {
          if (current.kind === 'append') {
            await store.appendToStream(
              uniqueStream(),
              Array.from({ length: current.events }, () => newEvent('E')),
              'no_stream',
            );
            continue;
          }
          const after = Math.max(0, (await store.headPosition()) - current.back);
          const expected = await store.readAll({ after, maxCount: current.maxCount });
          const [first, second] = await Promise.all([
            reader.readAll({ after, maxCount: current.maxCount }),
            reader.readAll({ after, maxCount: current.maxCount }),
          ]);
          expect(first.map((event) => event.eventId)).to.deep.equal(expected.map((event) => event.eventId));
          expect(second.map((event) => event.eventId)).to.deep.equal(expected.map((event) => event.eventId));
        }
      }),
      { numRuns: 60 },
    );
  });
});
