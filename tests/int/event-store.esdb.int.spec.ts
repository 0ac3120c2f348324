import { EsdbEventStore } from '../../src/infrastructure/event-store/esdb-event-store.js';
import { SharedTailReader } from '../../src/infrastructure/event-store/shared-tail-reader.js';
import { eventStoreContract } from './event-store.contract.js';
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
});
