import { expect } from 'chai';
import { reportRanAgainst } from '../support/ran-against.js';
import { type EventStore, WrongExpectedRevisionError } from '../../src/application/ports/event-store.js';
import { newEvent, uniqueStream } from '../support/events.js';
import { eventually } from '../support/eventually.js';

export type EventStoreFactory = () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>;

const conflictOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(WrongExpectedRevisionError);
    return error as WrongExpectedRevisionError;
  }
  expect.fail('expected a WrongExpectedRevisionError');
};

/** The behaviour every EventStore adapter must share. Streams are unique per test. */
export const eventStoreContract = (adapterName: string, factory: EventStoreFactory) => {
  describe(`EventStore contract — ${adapterName}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await factory()));
    afterEach(async () => cleanup());
    reportRanAgainst('event-store contract', adapterName);

    describe('appending to a new stream', () => {
      it('creates it at revision 0 with no_stream and returns a global position', async () => {
        const stream = uniqueStream();
        const result = await store.appendToStream(stream, [newEvent('A', { n: 1 })], 'no_stream');
        expect(result.nextExpectedRevision).to.equal(0);
        expect(result.position).to.be.greaterThan(0);
      });

      it('reads back type, data, event id and metadata unchanged, in order', async () => {
        const stream = uniqueStream();
        const events = [newEvent('A', { n: 1, text: '서울역 1번 출구' }), newEvent('B', { nested: { ok: true } })];
        await store.appendToStream(stream, events, 'no_stream');
        const read = await store.readStream(stream);
        expect(read.map((e) => [e.type, e.data, e.eventId, e.metadata, e.revision, e.streamName])).to.deep.equal(
          events.map((e, i) => [e.type, e.data, e.eventId, e.metadata, i, stream]),
        );
        expect(read[1]!.position).to.be.greaterThan(read[0]!.position);
      });

      it('reads a missing stream as empty', async () => {
        expect(await store.readStream(uniqueStream())).to.deep.equal([]);
      });

      it('reads from a given revision', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [newEvent('A'), newEvent('B'), newEvent('C')], 'no_stream');
        expect((await store.readStream(stream, { fromRevision: 1 })).map((e) => e.type)).to.deep.equal(['B', 'C']);
      });
    });

    describe('expected revision', () => {
      it('appends with the exact current revision', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [newEvent('A')], 'no_stream');
        const result = await store.appendToStream(stream, [newEvent('B'), newEvent('C')], 0);
        expect(result.nextExpectedRevision).to.equal(2);
      });

      it('rejects no_stream on an existing stream, naming the actual revision', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [newEvent('A')], 'no_stream');
        const conflict = await conflictOf(store.appendToStream(stream, [newEvent('B')], 'no_stream'));
        expect(conflict.streamName).to.equal(stream);
        expect(conflict.actual).to.equal(0);
      });

      it('rejects a stale revision and writes none of the batch', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [newEvent('A'), newEvent('B')], 'no_stream');
        await conflictOf(store.appendToStream(stream, [newEvent('X'), newEvent('Y')], 0));
        expect((await store.readStream(stream)).map((e) => e.type)).to.deep.equal(['A', 'B']);
      });

      it('rejects an exact revision on a missing stream as no_stream', async () => {
        const conflict = await conflictOf(store.appendToStream(uniqueStream(), [newEvent('A')], 0));
        expect(conflict.actual).to.equal('no_stream');
      });

      it('honours stream_exists and any', async () => {
        const stream = uniqueStream();
        await conflictOf(store.appendToStream(stream, [newEvent('A')], 'stream_exists'));
        await store.appendToStream(stream, [newEvent('A')], 'any');
        const result = await store.appendToStream(stream, [newEvent('B')], 'stream_exists');
        expect(result.nextExpectedRevision).to.equal(1);
      });

      it('lets exactly one of many concurrent appends at the same revision win', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [newEvent('Opened')], 'no_stream');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 25 }, (_, i) => store.appendToStream(stream, [newEvent('Accepted', { i })], 0)),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
        for (const rejected of outcomes.filter((o) => o.status === 'rejected')) {
          expect(rejected.reason).to.be.instanceOf(WrongExpectedRevisionError);
        }
        expect(await store.readStream(stream)).to.have.length(2);
      });
    });

    describe('the global log', () => {
      it('reads all events after a position, exclusive, in position order across streams', async () => {
        const before = await store.headPosition();
        const [s1, s2] = [uniqueStream(), uniqueStream()];
        await store.appendToStream(s1, [newEvent('A')], 'no_stream');
        await store.appendToStream(s2, [newEvent('B')], 'no_stream');
        await store.appendToStream(s1, [newEvent('C')], 0);
        const ours = (await store.readAll({ after: before, maxCount: 10_000 })).filter((e) => e.streamName === s1 || e.streamName === s2);
        expect(ours.map((e) => e.type)).to.deep.equal(['A', 'B', 'C']);
        const positions = ours.map((e) => e.position);
        expect(positions).to.deep.equal([...positions].sort((a, b) => a - b));
        const afterFirst = await store.readAll({ after: ours[0]!.position, maxCount: 10_000 });
        expect(afterFirst.map((e) => e.eventId)).not.to.include(ours[0]!.eventId);
        expect(afterFirst.map((e) => e.eventId)).to.include(ours[1]!.eventId);
      });

      it('pages with maxCount without gaps or repeats', async () => {
        const before = await store.headPosition();
        const stream = uniqueStream();
        await store.appendToStream(
          stream,
          Array.from({ length: 7 }, (_, i) => newEvent('N', { i })),
          'no_stream',
        );
        const seen: number[] = [];
        let after = before;
        for (;;) {
          const page = await store.readAll({ after, maxCount: 3 });
          if (page.length === 0) break;
          seen.push(...page.filter((e) => e.streamName === stream).map((e) => (e.data as object as { i: number }).i));
          after = page.at(-1)!.position;
        }
        expect(seen).to.deep.equal([0, 1, 2, 3, 4, 5, 6]);
      });

      it('moves the head position forward on append', async () => {
        const before = await store.headPosition();
        const result = await store.appendToStream(uniqueStream(), [newEvent('A')], 'no_stream');
        const head = await store.headPosition();
        expect(head).to.be.greaterThan(before);
        expect(head).to.be.at.least(result.position);
      });
    });

    describe('being told of new events', () => {
      it('wakes a listener after an append and stops after unsubscribe', async () => {
        const heads: number[] = [];
        let woke!: () => void;
        const wakeUp = new Promise<void>((resolve) => (woke = resolve));
        const unsubscribe = store.onAppended((head) => {
          heads.push(head);
          woke();
        });
        // A second listener, told of every append in the same pass as the first: once it hears of B, the first would have too.
        const witnessed: number[] = [];
        const stopWitness = store.onAppended((head) => witnessed.push(head));
        try {
          const result = await store.appendToStream(uniqueStream(), [newEvent('A')], 'no_stream');
          await wakeUp;
          expect(heads.at(-1)).to.be.at.least(result.position);
          unsubscribe();
          const count = heads.length;
          const b = await store.appendToStream(uniqueStream(), [newEvent('B')], 'no_stream');
          await eventually(() => (witnessed.at(-1) ?? 0) >= b.position, 5_000, 'the other listener to hear of B');
          expect(heads).to.have.length(count);
        } finally {
          stopWitness();
        }
      });
    });

    it('answers ping', async () => {
      expect(await store.ping()).to.equal(true);
    });
  });
};
