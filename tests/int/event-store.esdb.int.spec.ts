import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { EsdbEventStore } from '../../src/infrastructure/event-store/esdb-event-store.js';
import { EsdbCompetingConsumer } from '../../src/infrastructure/event-store/esdb-persistent-subscription.js';
import { SharedTailReader } from '../../src/infrastructure/event-store/shared-tail-reader.js';
import { eventStoreContract } from './event-store.contract.js';
import { newEvent, uniqueStream } from '../support/events.js';
import { skipWithoutServer } from '../support/needs-server.js';

const url = process.env.EVENTSTORE_URL ?? 'esdb://EVENTSTORE_URL-not-set';

const HOW_TO_RUN =
  'docker run -d --name esdb-test -p 2113:2113 -e EVENTSTORE_INSECURE=true -e EVENTSTORE_MEM_DB=true ' +
  '-e EVENTSTORE_RUN_PROJECTIONS=All -e EVENTSTORE_START_STANDARD_PROJECTIONS=true eventstore/eventstore:23.10.1-bookworm-slim, ' +
  'then EVENTSTORE_URL=esdb://localhost:2113?tls=false npm run test:int';

describe('EventStoreDB adapters', () => {
  skipWithoutServer('EVENTSTORE_URL', HOW_TO_RUN);
  // Streams are unique per test, so one shared (even long-lived) database serves every run.
  eventStoreContract('EventStoreDB', async () => {
    const store = new EsdbEventStore(url);
    return { store, cleanup: () => store.close() };
  });
  // What ships: production always reads the log through the shared tail reader (composition root).
  eventStoreContract('EventStoreDB behind the shared tail reader', async () => {
    const store = new SharedTailReader(new EsdbEventStore(url));
    return { store, cleanup: () => store.close() };
  });

  describe('EventStoreDB competing consumers', () => {
    it('gives each event to exactly one member of the group', async () => {
      const store = new EsdbEventStore(url);
      const group = `test-group-${randomUUID()}`;
      const stream = uniqueStream();
      const handledBy = new Map<string, string[]>();
      const failures: unknown[] = [];
      const expected = 10;
      let allHandled!: () => void;
      const everyEventHandled = new Promise<void>((resolve) => (allHandled = resolve));
      const members = ['a', 'b'].map((name) => ({ name, consumer: new EsdbCompetingConsumer(store.client, { group, startFrom: 'end' }) }));
      try {
        for (const { name, consumer } of members) {
          await consumer.start();
          void consumer
            .run(async (event) => {
              if (event.streamName !== stream) return; // other tests share the database
              handledBy.set(event.eventId, [...(handledBy.get(event.eventId) ?? []), name]);
              if (handledBy.size === expected) allHandled();
            })
            .catch((error: unknown) => failures.push(error));
        }
        const events = Array.from({ length: expected }, (_, i) => newEvent('Numbered', { i }));
        for (const event of events) await store.appendToStream(stream, [event], 'any');
        const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${handledBy.size} of ${expected} handled`)), 10_000).unref());
        await Promise.race([everyEventHandled, timeout]);
        expect(failures).to.deep.equal([]);
        expect([...handledBy.keys()].sort()).to.deep.equal(events.map((e) => e.eventId).sort());
        expect([...handledBy.values()].every((names) => names.length === 1)).to.equal(true);
      } finally {
        for (const { consumer } of members) await consumer.stop();
        await store.client.deletePersistentSubscriptionToAll(group);
        await store.close();
      }
    });
  });
});
