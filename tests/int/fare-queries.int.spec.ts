import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { ReadStore } from '../../src/application/ports/read-store.js';
import type { LogEvent } from '../../src/domain/events.js';
import { MongoReadStore } from '../../src/infrastructure/read-store/mongo-read-store.js';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store.js';
import { FareQueries } from '../../src/projections/queries/fare-queries.js';
import { receiptsProjection } from '../../src/projections/receipts/receipts.projection.js';
import { aWholeRide, recordAll } from '../support/recorded.js';
import { replay } from '../support/replay.js';
import { dropDatabase, freshDbName, mongoUrl, skippedWithoutMongo } from '../support/mongo-test-db.js';
import { upsert } from './read-store.helpers.js';

const failed = (callId: string): LogEvent => ({
  type: 'PaymentFailed',
  data: { paymentId: `pay-${callId}`, callId, reason: 'CARD_DECLINED', failedAt: '2026-11-25T09:18:00.000Z' },
});
const waived = (callId: string): LogEvent => ({
  type: 'PaymentWaived',
  data: { paymentId: `pay-${callId}`, callId, waivedBy: 'ops', reason: null, waivedAt: '2026-11-25T09:19:00.000Z' },
});

const fareQueriesSpec = (name: string, open: () => Promise<{ store: ReadStore; cleanup: () => Promise<void> }>) =>
  describe(`Fare queries — ${name}`, () => {
    let fixture: Awaited<ReturnType<typeof open>>;
    beforeEach(async () => {
      fixture = await open();
      const events = recordAll([
        ...aWholeRide('c-paid', 'p-1'),
        ...aWholeRide('c-unpaid', 'p-1').slice(0, 8),
        failed('c-unpaid'),
        ...aWholeRide('c-forgiven', 'p-2').slice(0, 8),
        failed('c-forgiven'),
        waived('c-forgiven'),
      ]);
      const receipts = [...replay(receiptsProjection, events).values()];
      await fixture.store.commit(
        receiptsProjection.name,
        receipts.map((receipt) => upsert(receiptsProjection.collection, receipt, events.at(-1)!.position)),
        events.at(-1)!.position,
      );
    });
    afterEach(async () => fixture.cleanup());

    it('answers a receipt without the internal id and position, and CALL_NOT_FOUND for an unknown call', async () => {
      const receipt = await new FareQueries(fixture.store).receipt('c-paid');
      expect(receipt).to.include({ callId: 'c-paid', passengerId: 'p-1' }).and.not.have.any.keys('id', 'position');
      const missing = await new FareQueries(fixture.store).receipt('nope').catch((error: { code: string }) => error.code);
      expect(missing).to.equal('CALL_NOT_FOUND');
    });
  });

fareQueriesSpec('embedded SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taxi-fares-'));
  const store = new SqliteReadStore(join(dir, 'read-models.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const url = mongoUrl;
if (url) {
  fareQueriesSpec(`Mongo at ${url}`, async () => {
    const dbName = freshDbName('fares_test');
    const store = await MongoReadStore.connect(url, dbName);
    return {
      store,
      cleanup: async () => {
        await dropDatabase(url, dbName);
        await store.close();
      },
    };
  });
} else {
  skippedWithoutMongo('Fare queries — MongoDB / FerretDB');
}
