import { PassThrough, Readable } from 'node:stream';
import { expect } from 'chai';
import { eventually } from '../support/eventually.js';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type ReadAllOptions,
} from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../../src/application/ports/event-store.js';
import { EsdbEventStore, PingTimeoutError } from '../../src/infrastructure/event-store/esdb-event-store.js';
import {
  MissingPositionError,
  isMissingStream,
  isSystemEvent,
  positionOf,
  selectPage,
  toEsdbExpectedRevision,
  toEventData,
  toGlobalPosition,
  toPortError,
  toReadPosition,
  toRecordedEvent,
} from '../../src/infrastructure/event-store/esdb-mapping.js';
import { newEvent } from '../support/events.js';

const recorded = (position: number, streamId = 'call-1', type = 'CallRequested'): AllStreamRecordedEvent => ({
  streamId,
  id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
  isJson: true,
  revision: 0n,
  type,
  created: new Date(0),
  data: { position },
  metadata: { correlationId: 'call-1' },
  position: { commit: BigInt(position), prepare: BigInt(position) },
});

/** $all as the server reads it (AllReader.cs): forwards includes `fromPosition`, backwards excludes it. */
const fakeClient = (log: AllStreamRecordedEvent[]) =>
  ({
    readAll: ({ fromPosition = 'start', direction = 'forwards', maxCount = Number.MAX_SAFE_INTEGER }: ReadAllOptions = {}) => {
      const at = (event: AllStreamRecordedEvent) => event.position.commit;
      const events =
        direction === 'forwards'
          ? log.filter((e) => fromPosition === 'start' || (fromPosition !== 'end' && at(e) >= fromPosition.commit))
          : log.filter((e) => fromPosition === 'end' || (fromPosition !== 'start' && at(e) < fromPosition.commit)).reverse();
      return Readable.from(events.slice(0, Number(maxCount)).map((event): AllStreamResolvedEvent => ({ event })));
    },
  }) as unknown as EventStoreDBClient;

describe('EventStoreDB mapping', () => {
  describe('expected revision', () => {
    it('maps the named states and a number to the client constants and a bigint', () => {
      expect(toEsdbExpectedRevision('no_stream')).to.equal(NO_STREAM);
      expect(toEsdbExpectedRevision('stream_exists')).to.equal(STREAM_EXISTS);
      expect(toEsdbExpectedRevision('any')).to.equal(ANY);
      expect(toEsdbExpectedRevision(0)).to.equal(0n);
      expect(toEsdbExpectedRevision(41)).to.equal(41n);
    });

    it('reads -1 as "no stream yet" and refuses other non-revisions', () => {
      expect(toEsdbExpectedRevision(-1)).to.equal(NO_STREAM);
      expect(() => toEsdbExpectedRevision(-2)).to.throw(RangeError);
      expect(() => toEsdbExpectedRevision(1.5)).to.throw(RangeError);
    });
  });

  describe('errors', () => {
    it('turns a wrong expected version into the port conflict with the actual revision', () => {
      const error = new WrongExpectedVersionError(undefined, { streamName: 'call-1', expected: 0n, current: 3n });
      const mapped = toPortError(error, 'call-1', 0);
      expect(mapped).to.be.instanceOf(WrongExpectedRevisionError);
      expect(mapped).to.include({ streamName: 'call-1', expected: 0, actual: 3 });
    });

    it('reports a missing stream as no_stream', () => {
      const error = new WrongExpectedVersionError(undefined, { streamName: 'call-1', expected: 0n, current: NO_STREAM });
      expect(toPortError(error, 'call-1', 0)).to.include({ actual: 'no_stream' });
    });

    it('passes every other failure through untouched', () => {
      const unavailable = new UnavailableError();
      expect(toPortError(unavailable, 'call-1', 'any')).to.equal(unavailable);
    });

    it('recognises the stream-not-found error the client throws while reading', () => {
      expect(isMissingStream(new StreamNotFoundError(undefined, 'call-1'))).to.equal(true);
      expect(isMissingStream(new UnavailableError())).to.equal(false);
    });
  });

  describe('positions', () => {
    it('converts commit positions to numbers and back, commit equal to prepare', () => {
      expect(toGlobalPosition(123_456n)).to.equal(123_456);
      expect(toReadPosition(123_456)).to.deep.equal({ commit: 123_456n, prepare: 123_456n });
    });

    it('refuses a position a number cannot hold exactly', () => {
      expect(() => toGlobalPosition(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).to.throw(RangeError);
    });

    it('refuses an event without a position, or with the "no position" marker of old servers', () => {
      expect(() => positionOf({ id: 'e1', position: undefined })).to.throw(MissingPositionError);
      expect(() => positionOf({ id: 'e1', position: { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n } })).to.throw(MissingPositionError);
    });
  });

  describe('events', () => {
    it('treats $-typed events and $-streams as system events', () => {
      expect(isSystemEvent({ streamId: '$stats-0.0.0.0:2113', type: '$statsCollected' })).to.equal(true);
      expect(isSystemEvent({ streamId: '$ce-call', type: '$>' })).to.equal(true);
      expect(isSystemEvent({ streamId: '$$call-1', type: 'CallRequested' })).to.equal(true);
      expect(isSystemEvent({ streamId: 'call-1', type: 'CallRequested' })).to.equal(false);
    });

    it('writes the event id, type, data and metadata as a JSON event', () => {
      const event = newEvent('CallRequested', { pickup: '서울역' });
      expect(toEventData(event)).to.deep.equal({
        id: event.eventId,
        contentType: 'application/json',
        type: 'CallRequested',
        data: event.data,
        metadata: event.metadata,
      });
    });

    it('reads a recorded event back into the port shape', () => {
      expect(toRecordedEvent({ ...recorded(4096), revision: 7n })).to.deep.equal({
        eventId: recorded(4096).id,
        type: 'CallRequested',
        data: { position: 4096 },
        metadata: { correlationId: 'call-1' },
        streamName: 'call-1',
        revision: 7,
        position: 4096,
      });
    });
  });

  describe('a page of $all', () => {
    it('drops the event at `after` and system events, but advances past both', () => {
      const page = [recorded(100), recorded(200, '$stats', '$statsCollected'), recorded(300)].map((event) => ({ event }));
      const selected = selectPage([...page, { event: recorded(400, '$ce-call', '$>') }], 100);
      expect(selected.events.map((e) => e.position)).to.deep.equal([300]);
      expect(selected.lastPosition).to.equal(400);
    });
  });

  describe('the adapter over a simulated log', () => {
    const log = [
      recorded(10),
      recorded(20, '$scavenges', '$scavengeStarted'),
      recorded(30),
      recorded(40, '$ce-call', '$>'),
      recorded(50),
      recorded(60, '$stats', '$statsCollected'),
    ];
    const store = new EsdbEventStore(fakeClient(log));

    it('reads after a position exclusively and pages through system events without gaps', async () => {
      expect((await store.readAll({ after: 10, maxCount: 1 })).map((e) => e.position)).to.deep.equal([30]);
      expect((await store.readAll({ after: 30, maxCount: 1 })).map((e) => e.position)).to.deep.equal([50]);
      expect(await store.readAll({ after: 50, maxCount: 1 })).to.deep.equal([]);
      expect((await store.readAll({ maxCount: 10 })).map((e) => e.position)).to.deep.equal([10, 30, 50]);
    });

    it('reports the newest non-system event as the head', async () => {
      expect(await store.headPosition()).to.equal(50);
      expect(await new EsdbEventStore(fakeClient([recorded(5, '$stats', '$statsCollected')])).headPosition()).to.equal(0);
    });

    it('answers a ping, and gives up on a read that never answers', async () => {
      expect(await store.ping()).to.equal(true);
      const silent = { readAll: () => new Readable({ objectMode: true, read() {} }) } as unknown as EventStoreDBClient;
      const error = await new EsdbEventStore(silent, { pingTimeoutMs: 20 }).ping().catch((e: unknown) => e);
      expect(error).to.be.instanceOf(PingTimeoutError);
    });
  });

  describe('the wake-up signal', () => {
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    const wakeUpClient = () => {
      const subscriptions: Array<PassThrough & { unsubscribed: boolean }> = [];
      const client = {
        subscribeToAll: () => {
          const subscription = Object.assign(new PassThrough({ objectMode: true }), {
            unsubscribed: false,
            unsubscribe: async () => void (subscription.unsubscribed = true),
          });
          subscriptions.push(subscription);
          return subscription;
        },
        readAll: () => Readable.from([{ event: recorded(100) }]),
        appendToStream: async () => ({ success: true, nextExpectedRevision: 0n, position: { commit: 70n, prepare: 70n } }),
      };
      return { store: new EsdbEventStore(client as unknown as EventStoreDBClient), subscriptions };
    };

    it('shares one subscription, wakes at once on its own append, and once per new position', async () => {
      const { store, subscriptions } = wakeUpClient();
      const a: number[] = [];
      const b: number[] = [];
      const offA = store.onAppended((head) => a.push(head));
      const offB = store.onAppended((head) => b.push(head));
      await store.appendToStream('call-1', [newEvent('A')], 'no_stream');
      expect(a).to.deep.equal([70]);
      for (const event of [recorded(70), recorded(80, 'call-2'), recorded(90, '$stats', '$statsCollected')]) subscriptions[0]!.write({ event });
      await tick();
      expect(subscriptions).to.have.length(1);
      expect([a, b]).to.deep.equal([
        [70, 80],
        [70, 80],
      ]);
      offA();
      expect(subscriptions[0]!.unsubscribed).to.equal(false);
      offB();
      expect(subscriptions[0]!.unsubscribed).to.equal(true);
    });

    it('resubscribes after a drop and re-reads the head once confirmed', async () => {
      const { store, subscriptions } = wakeUpClient();
      const heads: number[] = [];
      const off = store.onAppended((head) => heads.push(head));
      subscriptions[0]!.emit('error', new UnavailableError());
      await eventually(() => subscriptions.length === 2, 2_000, 'a new subscription after the drop', 5);
      subscriptions[1]!.emit('confirmation');
      await tick();
      expect(heads).to.deep.equal([100]);
      off();
    });
  });
});
