import { expect } from 'chai';
import { InvalidReadStoreNameError, type ReadDocument, type ReadStore } from '../../src/application/ports/read-store.js';
import { rejectionOf, upsert } from './read-store.helpers.js';

const CALLS: ReadDocument[] = [
  { id: 'c1', passengerId: 'p1', status: 'REQUESTED', requestedAt: '2024-05-01T10:00:00Z', seats: 4, premium: false, fare: null, driver: null },
  {
    id: 'c2',
    passengerId: 'p1',
    status: 'DISPATCHED',
    requestedAt: '2024-05-01T11:00:00Z',
    seats: 4,
    premium: true,
    driver: { driverId: 'd1', vehicleNo: '12가3456' },
  },
  {
    id: 'c3',
    passengerId: 'p2',
    status: 'FINISHED',
    requestedAt: '2024-05-01T09:00:00Z',
    seats: 6,
    premium: false,
    fare: { amount: 13000, currency: 'KRW' },
    driver: { driverId: 'd2' },
  },
  { id: 'c4', passengerId: 'p2', status: 'CANCELLED', requestedAt: '2024-05-01T12:00:00Z', seats: 1, premium: true, driver: { driverId: 'd1' } },
  { id: 'c5', passengerId: 'p3', status: 'REQUESTED', requestedAt: '2024-05-01T08:00:00Z', seats: '1', premium: 1, tags: ['airport', 'night'] },
];

const ids = (documents: ReadDocument[]) => documents.map((document) => document.id);

/** Reading: get, find with filters, sorting and paging. Part of `readStoreContract`. */
export const readStoreQueryContract = (current: () => ReadStore) => {
  describe('reading', () => {
    let store: ReadStore;
    beforeEach(async () => {
      store = current();
      await store.commit(
        'dashboard',
        CALLS.map((call) => upsert('calls', call, 10)),
        10,
      );
    });

    it('gets a document back exactly as written, without internal fields', async () => {
      expect(await store.get('calls', 'c3')).to.deep.equal(CALLS[2]);
      expect(await store.get('calls', 'c5')).to.deep.equal(CALLS[4]);
    });

    it('answers null or nothing for an unknown id or a collection nobody wrote', async () => {
      expect(await store.get('calls', 'nope')).to.equal(null);
      expect(await store.get('never_written', 'c1')).to.equal(null);
      expect(await store.find('never_written', { status: 'REQUESTED' })).to.deep.equal([]);
    });

    it('finds every document of a collection ordered by id when neither filter nor sort is given', async () => {
      expect(await store.find('calls', {})).to.deep.equal(CALLS);
    });

    it('filters on equality of top-level and dotted fields, all conditions together', async () => {
      expect(ids(await store.find('calls', { status: 'REQUESTED' }))).to.deep.equal(['c1', 'c5']);
      expect(ids(await store.find('calls', { 'driver.driverId': 'd1' }))).to.deep.equal(['c2', 'c4']);
      expect(ids(await store.find('calls', { 'fare.amount': 13000, 'fare.currency': 'KRW' }))).to.deep.equal(['c3']);
      expect(ids(await store.find('calls', { passengerId: 'p2', 'driver.driverId': 'd1' }))).to.deep.equal(['c4']);
      expect(ids(await store.find('calls', { passengerId: 'p2', status: 'REQUESTED' }))).to.deep.equal([]);
    });

    it('filters with $in, where an empty list matches nothing', async () => {
      expect(ids(await store.find('calls', { status: { $in: ['DISPATCHED', 'FINISHED'] } }))).to.deep.equal(['c2', 'c3']);
      expect(ids(await store.find('calls', { 'driver.driverId': { $in: ['d2'] }, seats: { $in: [6, 4] } }))).to.deep.equal(['c3']);
      expect(await store.find('calls', { status: { $in: [] } })).to.deep.equal([]);
    });

    it('filters with range bounds on strings, numbers and id, each bound within its type', async () => {
      expect(ids(await store.find('calls', { requestedAt: { $lt: '2024-05-01T10:00:00Z' } }))).to.deep.equal(['c3', 'c5']);
      expect(ids(await store.find('calls', { requestedAt: { $gte: '2024-05-01T10:00:00Z', $lt: '2024-05-01T12:00:00Z' } }))).to.deep.equal([
        'c1',
        'c2',
      ]);
      expect(ids(await store.find('calls', { seats: { $gt: 3 } }))).to.deep.equal(['c1', 'c2', 'c3']);
      expect(ids(await store.find('calls', { seats: { $lte: 1 } }))).to.deep.equal(['c4']);
      expect(ids(await store.find('calls', { id: { $gt: 'c3' }, passengerId: { $in: ['p2', 'p3'] } }))).to.deep.equal(['c4', 'c5']);
      expect(
        ids(await store.find('calls', { requestedAt: { $lt: '2024-05-01T12:00:00Z' } }, { sort: [['requestedAt', 'desc']], limit: 2 })),
      ).to.deep.equal(['c2', 'c1']);
    });

    it('filters by id', async () => {
      expect(ids(await store.find('calls', { id: 'c2' }))).to.deep.equal(['c2']);
      expect(ids(await store.find('calls', { id: { $in: ['c4', 'c1', 'zz'] }, premium: false }))).to.deep.equal(['c1']);
    });

    it('matches null against null and missing fields, also inside $in', async () => {
      expect(ids(await store.find('calls', { fare: null }))).to.deep.equal(['c1', 'c2', 'c4', 'c5']);
      expect(ids(await store.find('calls', { 'driver.driverId': { $in: ['d2', null] } }))).to.deep.equal(['c1', 'c3', 'c5']);
    });

    it('keeps JSON types apart: true is not 1 and "1" is not 1', async () => {
      expect(ids(await store.find('calls', { premium: true }))).to.deep.equal(['c2', 'c4']);
      expect(ids(await store.find('calls', { premium: 1 }))).to.deep.equal(['c5']);
      expect(ids(await store.find('calls', { premium: { $in: [0, true] } }))).to.deep.equal(['c2', 'c4']);
      expect(ids(await store.find('calls', { seats: 1 }))).to.deep.equal(['c4']);
      expect(ids(await store.find('calls', { seats: '1' }))).to.deep.equal(['c5']);
      expect(ids(await store.find('calls', { driver: 'd1' }))).to.deep.equal([]);
    });

    it('sorts by one or several fields, dotted ones too, breaking ties by id', async () => {
      const newestFirst = await store.find('calls', { passengerId: { $in: ['p1', 'p2'] } }, { sort: [['requestedAt', 'desc']] });
      expect(ids(newestFirst)).to.deep.equal(['c4', 'c2', 'c1', 'c3']);
      const bySeats = await store.find(
        'calls',
        { premium: { $in: [true, false] } },
        {
          sort: [
            ['seats', 'desc'],
            ['requestedAt', 'asc'],
          ],
        },
      );
      expect(ids(bySeats)).to.deep.equal(['c3', 'c1', 'c2', 'c4']);
      expect(ids(await store.find('calls', {}, { sort: [['driver.driverId', 'asc']] }))).to.deep.equal(['c1', 'c5', 'c2', 'c4', 'c3']);
      expect(
        ids(
          await store.find(
            'calls',
            {},
            {
              sort: [
                ['status', 'asc'],
                ['id', 'desc'],
              ],
            },
          ),
        ),
      ).to.deep.equal(['c4', 'c2', 'c3', 'c5', 'c1']);
    });

    it('pages with skip and limit, every document exactly once', async () => {
      const pages = [];
      for (let skip = 0; skip < 6; skip += 2) pages.push(ids(await store.find('calls', {}, { sort: [['status', 'asc']], skip, limit: 2 })));
      expect(pages).to.deep.equal([['c4', 'c2'], ['c3', 'c1'], ['c5']]);
      expect(await store.find('calls', {}, { limit: 0 })).to.deep.equal([]);
      expect(await store.find('calls', {}, { skip: 10 })).to.deep.equal([]);
    });

    it('rejects field paths that are not identifier-safe and negative paging', async () => {
      for (const path of ["status') OR 1=1 --", 'a..b', '_position', '_id', 'fare.', '$where']) {
        expect(await rejectionOf(store.find('calls', { [path]: 'x' })), path).to.be.instanceOf(InvalidReadStoreNameError);
        expect(await rejectionOf(store.find('calls', {}, { sort: [[path, 'asc']] })), path).to.be.instanceOf(InvalidReadStoreNameError);
      }
      expect(await rejectionOf(store.find('calls', {}, { limit: -1 }))).to.be.instanceOf(RangeError);
    });
  });

  describe('documents', () => {
    it('keeps unicode ids, values and field names, filters on them and sorts them by code point', async () => {
      const store = current();
      const places = [
        { id: '서울역', name: '가', note: '1번 출구 앞 🚕', 이름: '서울' },
        { id: '🚕', name: '😀', note: 'émoji' },
        { id: 'plain', name: 'Z', note: '' },
        { id: 'accent', name: 'é', note: 'naïve' },
      ];
      await store.commit(
        'places',
        places.map((place) => upsert('places', place, 1)),
        1,
      );
      expect(await store.get('places', '서울역')).to.deep.equal(places[0]);
      expect(await store.get('places', '🚕')).to.deep.equal(places[1]);
      expect(ids(await store.find('places', { note: '1번 출구 앞 🚕' }))).to.deep.equal(['서울역']);
      expect((await store.find('places', {}, { sort: [['name', 'asc']] })).map((place) => place.name)).to.deep.equal(['Z', 'é', '가', '😀']);
    });

    it('stores a large document (about 3 MB) intact', async () => {
      const store = current();
      const big = {
        id: 'big',
        text: '택시'.repeat(500_000),
        points: Array.from({ length: 20_000 }, (_, i) => ({ lat: 37.5 + i / 1e6, lng: 127 + i / 1e6, at: i })),
      };
      await store.commit('p', [upsert('routes', big, 1)], 1);
      expect(await store.get('routes', 'big')).to.deep.equal(big);
    });

    it('stores what JSON keeps: dates as ISO strings, undefined fields dropped', async () => {
      const store = current();
      const document = { id: 'c1', at: new Date('2024-05-01T10:00:00Z'), gone: undefined, list: [1, 'two', null] };
      await store.commit('p', [upsert('calls', document, 1)], 1);
      expect(await store.get('calls', 'c1')).to.deep.equal({ id: 'c1', at: '2024-05-01T10:00:00.000Z', list: [1, 'two', null] });
    });
  });
};
