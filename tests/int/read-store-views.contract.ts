import { expect } from 'chai';
import type { ReadDocument, ReadStore } from '../../src/application/ports/read-store.js';
import { dailyReportProjection, type ReportedCall } from '../../src/projections/daily-report/daily-report.projection.js';
import { DailyReportQueries } from '../../src/projections/queries/daily-report-queries.js';
import { decodeCursor, keysetPage } from '../../src/projections/queries/keyset.js';
import { OperatorQueries } from '../../src/projections/queries/operator-queries.js';
import { InMemoryDriverPositions } from '../../src/infrastructure/geo/in-memory-driver-positions.js';
import { upsert } from './read-store.helpers.js';

const entry = (id: string, requestedAt: string, extra: Record<string, unknown> = {}): ReadDocument => ({
  id,
  callId: id,
  passengerId: 'p',
  status: 'REQUESTED',
  driverId: null,
  requestedAt,
  ...extra,
});
const reported = (id: string, requestedAt: string, extra: Partial<ReportedCall> = {}): ReportedCall => ({
  id,
  position: 1,
  callId: id,
  rideType: 'STANDARD',
  requestedAt,
  acceptedAt: null,
  outcome: 'OPEN',
  fare: null,
  currency: null,
  refunded: false,
  ...extra,
});
const ids = (documents: ReadDocument[]) => documents.map((document) => document.id);

/** The views' queries (issue #14) on the adapter under test. Part of `readStoreContract`. */
export const readStoreViewsContract = (current: () => ReadStore) => {
  describe('views: keyset pages, operator lists, the daily report', () => {
    it('pages newest first through ties on the sort key, stable under inserts and deletes', async () => {
      const store = current();
      const docs = [entry('a', 't2'), entry('b', 't2'), entry('c', 't2'), entry('d', 't1'), entry('e', 't3')];
      await store.commit(
        'dashboard',
        docs.map((doc) => upsert('dashboard', doc, 1)),
        1,
      );
      const query = { collection: 'dashboard', filter: {}, sortField: 'requestedAt', limit: 2 };
      const key = (doc: ReadDocument) => String(doc.requestedAt);
      const first = await keysetPage(store, { ...query, cursor: null }, key);
      expect(ids(first.items)).to.deep.equal(['e', 'a']);
      await store.commit(
        'dashboard',
        [upsert('dashboard', entry('f', 't9'), 2), { kind: 'delete', collection: 'dashboard', id: 'a', position: 2 }],
        2,
      );
      const second = await keysetPage(store, { ...query, cursor: decodeCursor(first.nextCursor!) }, key);
      expect(ids(second.items)).to.deep.equal(['b', 'c']);
      const third = await keysetPage(store, { ...query, cursor: decodeCursor(second.nextCursor!) }, key);
      expect([ids(third.items), third.nextCursor]).to.deep.equal([['d'], null]);
    });

    it('filters operator call lists by status, driver and request time', async () => {
      const store = current();
      const docs = [
        entry('c1', '2026-01-01T00:00:00Z'),
        entry('c2', '2026-01-02T00:00:00Z', { status: 'FINISHED', driverId: 'd1' }),
        entry('c3', '2026-01-03T00:00:00Z', { status: 'CANCELLED' }),
      ];
      await store.commit(
        'dashboard',
        docs.map((doc) => upsert('dashboard', doc, 1)),
        1,
      );
      const queries = new OperatorQueries(store);
      const page = { limit: 10, cursor: null };
      expect((await queries.calls({ status: ['FINISHED', 'CANCELLED'] }, page)).items.map((c) => c.callId)).to.deep.equal(['c3', 'c2']);
      expect((await queries.calls({ driverId: 'd1' }, page)).items.map((c) => c.callId)).to.deep.equal(['c2']);
      expect((await queries.calls({ from: '2026-01-02T00:00:00Z', to: '2026-01-03T00:00:00Z' }, page)).items.map((c) => c.callId)).to.deep.equal([
        'c2',
      ]);
    });

    it('tells ON_RIDE from ONLINE drivers and pages them by id', async () => {
      const store = current();
      const driver = (id: string, status: string, currentCallId: string | null) => ({
        id,
        driverId: id,
        name: id,
        vehicleNo: 'v',
        rideTypes: ['STANDARD'],
        status,
        currentCallId,
        location: null,
        updatedAt: 't',
        position: 1,
      });
      const docs = [
        driver('d1', 'ONLINE', 'c1'),
        driver('d2', 'ONLINE', null),
        driver('d3', 'ONLINE', 'c3'),
        driver('d4', 'OFFLINE', null),
        driver('d5', 'ONLINE', 'c5'),
      ];
      await store.commit(
        'drivers',
        docs.map((doc) => upsert('drivers', doc, 1)),
        1,
      );
      const queries = new OperatorQueries(store);
      const first = await queries.drivers(['ON_RIDE'], undefined, { limit: 2, cursor: null });
      expect(first.items.map((d) => [d.driverId, d.status])).to.deep.equal([
        ['d1', 'ON_RIDE'],
        ['d3', 'ON_RIDE'],
      ]);
      const second = await queries.drivers(['ON_RIDE'], undefined, { limit: 2, cursor: decodeCursor(first.nextCursor!) });
      expect([second.items.map((d) => d.driverId), second.nextCursor]).to.deep.equal([['d5'], null]);
      expect((await queries.drivers(['OFFLINE', 'ONLINE'], undefined, { limit: 10, cursor: null })).items.map((d) => d.driverId)).to.deep.equal([
        'd2',
        'd4',
      ]);
    });

    it('shows a free driver silent for longer than the stale limit as AWAY, at the last ping, until the next ping', async () => {
      const store = current();
      const online = (id: string, lastSeenAt: string, currentCallId: string | null = null) => ({
        id,
        driverId: id,
        name: id,
        vehicleNo: 'v',
        rideTypes: ['STANDARD'],
        status: 'ONLINE',
        currentCallId,
        location: { lat: 37.5, lng: 127 },
        lastSeenAt,
        updatedAt: lastSeenAt,
        position: 1,
      });
      await store.commit(
        'drivers',
        [
          online('fresh', '2026-01-15T08:59:50.000Z'),
          online('silent', '2026-01-15T08:00:00.000Z'),
          online('riding', '2026-01-15T08:00:00.000Z', 'c1'),
        ].map((doc) => upsert('drivers', doc, 1)),
        1,
      );
      const positions = new InMemoryDriverPositions();
      const now = new Date('2026-01-15T09:00:00.000Z');
      const queries = new OperatorQueries(store, { positions, staleAfterMs: 30_000, now: () => now });
      const statuses = async () =>
        (await queries.drivers(undefined, undefined, { limit: 10, cursor: null })).items.map((d) => [d.driverId, d.status]);
      expect(await statuses()).to.deep.equal([
        ['fresh', 'ONLINE'],
        ['riding', 'ON_RIDE'],
        ['silent', 'AWAY'],
      ]);
      expect((await queries.drivers(['AWAY'], undefined, { limit: 10, cursor: null })).items.map((d) => d.driverId)).to.deep.equal(['silent']);
      expect(await queries.driver('silent')).to.include({ status: 'AWAY', lastSeenAt: '2026-01-15T08:00:00.000Z' });

      await positions.save({ driverId: 'silent', location: { lat: 37.6, lng: 127.1 }, at: '2026-01-15T08:59:59.000Z' });
      expect(await queries.driver('silent')).to.deep.include({
        status: 'ONLINE',
        lastSeenAt: '2026-01-15T08:59:59.000Z',
        location: { lat: 37.6, lng: 127.1 },
      });
      expect((await queries.drivers(['AWAY'], undefined, { limit: 10, cursor: null })).items).to.deep.equal([]);
    });

    it('adds up each day of the service time zone', async () => {
      const store = current();
      const calls = [
        reported('r1', '2026-11-24T15:00:00.000Z', { outcome: 'FINISHED', fare: 3000, currency: 'KRW', acceptedAt: '2026-11-24T15:00:10.000Z' }),
        reported('r2', '2026-11-25T14:59:59.000Z', {
          rideType: 'VAN',
          outcome: 'FINISHED',
          fare: 5000,
          currency: 'KRW',
          acceptedAt: '2026-11-25T15:00:29.000Z',
        }),
        reported('r3', '2026-11-25T03:00:00.000Z', { outcome: 'CANCELLED' }),
        reported('r4', '2026-11-25T04:00:00.000Z', {
          outcome: 'FINISHED',
          fare: 9000,
          currency: 'KRW',
          refunded: true,
          acceptedAt: '2026-11-25T04:01:00.000Z',
        }),
        reported('r5', '2026-11-25T15:00:00.000Z', { outcome: 'EXPIRED' }),
      ];
      await store.commit(
        'daily-report',
        calls.map((call) => upsert(dailyReportProjection.collection, call, 1)),
        1,
      );
      const [day, next] = await new DailyReportQueries(store, 'Asia/Seoul').daily('2026-11-25', '2026-11-26');
      expect(day).to.deep.equal({
        day: '2026-11-25',
        requested: 4,
        finished: 3,
        cancelled: 1,
        expiredWithoutDriver: 0,
        revenue: { STANDARD: { amount: 3000, currency: 'KRW' }, VAN: { amount: 5000, currency: 'KRW' } },
        timeToAcceptSeconds: { median: 30, p90: 60 },
        cancellationRate: 0.25,
      });
      expect(next).to.deep.include({ day: '2026-11-26', requested: 1, expiredWithoutDriver: 1 });
    });
  });
};
