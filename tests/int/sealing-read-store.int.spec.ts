import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { ReadDocument } from '../../src/application/ports/read-store.js';
import { PersonalKeysCache } from '../../src/infrastructure/privacy/personal-keys-cache.js';
import { SealingReadStore } from '../../src/infrastructure/privacy/sealing-read-store.js';
import { SqlitePersonalDataKeys } from '../../src/infrastructure/privacy/sqlite-personal-data-keys.js';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store.js';
import { personalCollections } from '../../src/projections/read-models.js';

const place = { lat: 37.5, lng: 127.01, address: 'Eunji Flat, 5 Yulgok-ro' };
const ERASED_PLACE = { lat: null, lng: null, address: '[erased]' };
const entry = (passengerId: string): ReadDocument => ({
  id: `c-${passengerId}`,
  passengerId,
  pickup: place,
  status: 'REQUESTED',
  cancelReason: null,
});

describe('The sealing read store', () => {
  let dir: string;
  let keys: SqlitePersonalDataKeys;
  let plain: SqliteReadStore;
  let store: SealingReadStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxi-sealed-'));
    keys = new SqlitePersonalDataKeys(join(dir, 'keys.db'));
    plain = new SqliteReadStore(join(dir, 'read.db'));
    // No cache across an erasure in this test: the store is asked every time.
    store = new SealingReadStore(plain, new PersonalKeysCache(keys, { keyTtlMs: 1 }), personalCollections());
  });
  afterEach(async () => {
    await plain.close();
    await keys.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a personal field sealed, reads it back in clear, and erased once the key is destroyed', async () => {
    await keys.keyFor('passenger:p-1');
    await store.commit('dashboard', [{ kind: 'upsert', collection: 'dashboard', document: entry('p-1'), position: 1 }], 1);
    const raw = await plain.get('dashboard', 'c-p-1');
    expect(raw).to.deep.include({ pickup: ERASED_PLACE, passengerId: 'p-1', status: 'REQUESTED' });
    expect(JSON.stringify(raw)).not.to.contain('Eunji');
    expect(await store.get('dashboard', 'c-p-1')).to.deep.include({ pickup: place });
    expect(await store.find('dashboard', { passengerId: 'p-1' })).to.deep.equal([entry('p-1')]);

    await keys.destroy('passenger:p-1', '2026-01-01T00:00:00Z');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.get('dashboard', 'c-p-1')).to.deep.include({ pickup: ERASED_PLACE, status: 'REQUESTED' });
  });

  it('writes only the erased form for an owner without a key, and leaves other collections as they are', async () => {
    await store.commit(
      'dashboard',
      [
        { kind: 'upsert', collection: 'dashboard_rebuild', document: entry('p-none'), position: 2 },
        { kind: 'upsert', collection: 'report_calls', document: { id: 'r', pickup: place }, position: 2 },
      ],
      2,
    );
    expect(await plain.get('dashboard_rebuild', 'c-p-none')).to.deep.include({ pickup: ERASED_PLACE });
    expect(await store.get('report_calls', 'r')).to.deep.include({ pickup: place });
  });
});
