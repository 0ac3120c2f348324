import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Clock } from '../../src/application/ports/clock.js';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store.js';
import { NotificationRetention } from '../../src/projections/notifications/notification-retention.js';
import { type NotificationThread, notificationsProjection } from '../../src/projections/notifications/notifications.projection.js';
import { eventually } from '../support/rides.js';

const { collection, name } = notificationsProjection;
const now = new Date('2026-06-01T12:00:00.000Z');
const clock: Clock = { now: () => now };
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

const thread = (callId: string, lastAt: string, position: number): NotificationThread => ({
  id: callId,
  position,
  callId,
  passengerId: 'p-1',
  notifications: [
    {
      notificationId: `n-${callId}`,
      callId,
      passengerId: 'p-1',
      kind: 'CALL_REQUESTED',
      status: 'REQUESTED',
      message: 'We are finding a taxi.',
      createdAt: lastAt,
    },
  ],
  lastAt,
});

describe('Notification retention', () => {
  let dir: string;
  let readStore: SqliteReadStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taxi-retention-'));
    readStore = new SqliteReadStore(join(dir, 'read-models.db'));
    await readStore.ensureIndexes(collection, notificationsProjection.indexes);
    const threads = [
      thread('old-1', daysAgo(40), 1),
      thread('old-2', daysAgo(31), 2),
      thread('fresh', daysAgo(29), 3),
      thread('today', daysAgo(0), 4),
    ];
    await readStore.commit(
      name,
      threads.map((document) => ({ kind: 'upsert', collection, document, position: document.position })),
      4,
    );
  });
  afterEach(async () => {
    await readStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const remaining = async () => (await readStore.find<NotificationThread>(collection, {}, { sort: [['id', 'asc']] })).map((t) => t.id);

  it('prunes the threads older than the retention period and keeps the rest', async () => {
    const retention = new NotificationRetention(readStore, clock, { retentionDays: 30, intervalMs: 60_000 });
    expect(await retention.prune()).to.equal(2);
    expect(await remaining()).to.deep.equal(['fresh', 'today']);
    expect(await readStore.getCheckpoint(name)).to.equal(4);
  });

  it('prunes page after page when more than a page is old', async () => {
    const many = Array.from({ length: 450 }, (_, i) => thread(`bulk-${String(i).padStart(3, '0')}`, daysAgo(100), 10 + i));
    await readStore.commit(
      name,
      many.map((document) => ({ kind: 'upsert', collection, document, position: document.position })),
      500,
    );
    const retention = new NotificationRetention(readStore, clock, { retentionDays: 30, intervalMs: 60_000 });
    expect(await retention.prune()).to.equal(452);
    expect(await remaining()).to.deep.equal(['fresh', 'today']);
  });

  it('runs a pass when started, by the injected clock', async () => {
    const later: Clock = { now: () => new Date(now.getTime() + 5 * 86_400_000) };
    const retention = new NotificationRetention(readStore, later, { retentionDays: 30, intervalMs: 60_000 });
    retention.start();
    try {
      await eventually(async () => (await remaining()).join() === 'today', 5_000, 'the pass at start');
    } finally {
      await retention.stop();
    }
  });
});
