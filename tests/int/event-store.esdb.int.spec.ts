import { EsdbEventStore } from '../../src/infrastructure/event-store/esdb-event-store.js';
import { eventStoreContract } from './event-store.contract.js';

const url = process.env.EVENTSTORE_URL;

const HOW_TO_RUN =
  'docker run -d --name esdb-test -p 2113:2113 -e EVENTSTORE_INSECURE=true -e EVENTSTORE_MEM_DB=true ' +
  '-e EVENTSTORE_RUN_PROJECTIONS=All -e EVENTSTORE_START_STANDARD_PROJECTIONS=true eventstore/eventstore:23.10.1-bookworm-slim, ' +
  'then EVENTSTORE_URL=esdb://localhost:2113?tls=false npm run test:int';

if (url) {
  // Streams are unique per test, so one shared (even long-lived) database serves every run.
  eventStoreContract('EventStoreDB', async () => {
    const store = new EsdbEventStore(url);
    return { store, cleanup: () => store.close() };
  });
} else {
  describe('EventStoreDB event store', () => {
    it(`contract suite — SKIPPED: EVENTSTORE_URL is not set (run: ${HOW_TO_RUN})`, function () {
      this.skip();
    });
  });
}
