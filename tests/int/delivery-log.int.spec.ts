import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Delivery, DeliveryLog } from '../../src/application/ports/delivery-log.js';
import { MongoDeliveryLog } from '../../src/infrastructure/notifications/mongo-delivery-log.js';
import { SqliteDeliveryLog } from '../../src/infrastructure/notifications/sqlite-delivery-log.js';
import { dropDatabase, freshDbName, mongoSuite } from '../support/mongo-test-db.js';

const delivery = (notificationId: string, at: string, changes: Partial<Delivery> = {}): Delivery => ({
  notificationId,
  recipient: { role: 'passenger', id: 'p-1' },
  callId: 'c-1',
  kind: 'RIDE_STARTED',
  channel: 'alimtalk',
  status: 'DELIVERED',
  reason: null,
  at,
  ...changes,
});

const contract = (open: () => Promise<{ log: DeliveryLog; close: () => Promise<void> }>) => {
  let opened: Awaited<ReturnType<typeof open>>;
  beforeEach(async () => (opened = await open()));
  afterEach(() => opened.close());

  it('keeps the latest outcome of each notification, latest first', async () => {
    await opened.log.record(delivery('n-1', '2026-12-07T10:00:00.000Z', { status: 'FAILED', channel: 'alimtalk', reason: 'HTTP 500' }));
    await opened.log.record(delivery('n-2', '2026-12-07T10:00:01.000Z', { recipient: { role: 'driver', id: 'd-1' } }));
    await opened.log.record(delivery('n-1', '2026-12-07T10:00:02.000Z', { channel: 'sms' }));
    const all = await opened.log.page({ limit: 10 });
    expect(all.map((d) => [d.notificationId, d.status, d.channel])).to.deep.equal([
      ['n-1', 'DELIVERED', 'sms'],
      ['n-2', 'DELIVERED', 'alimtalk'],
    ]);
    expect((await opened.log.page({ recipient: { role: 'driver', id: 'd-1' }, limit: 10 })).map((d) => d.notificationId)).to.deep.equal(['n-2']);
    expect(await opened.log.page({ status: 'FAILED', limit: 10 })).to.deep.equal([]);
  });
};

describe('Delivery log (SQLite)', () => {
  contract(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deliveries-'));
    const log = new SqliteDeliveryLog(join(dir, 'deliveries.db'));
    return { log, close: async () => (log.close(), rmSync(dir, { recursive: true, force: true })) };
  });
});

mongoSuite('Delivery log (MongoDB)', (url) => {
  contract(async () => {
    const db = freshDbName('deliveries');
    const log = new MongoDeliveryLog(url, db);
    return { log, close: async () => (await log.close(), await dropDatabase(url, db)) };
  });
});
