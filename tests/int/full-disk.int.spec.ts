import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { StoreUnavailableError } from '../../src/application/ports/store-unavailable.js';
import { openDeadLetterStore, openLeaseStore } from '../../src/infrastructure/composition/open-adapters.js';
import { openCheckpointStore, openPersonalDataKeys, openReadStore } from '../../src/infrastructure/composition/open-stores.js';
import { loadConfig } from '../../src/infrastructure/config/config.js';
import { openDriverPositions } from '../../src/infrastructure/geo/open-driver-positions.js';
import { Lifecycle } from '../../src/infrastructure/lifecycle.js';
import { fillUp, sqliteConnectionOf } from '../support/full-disk.js';

/**
 * The stores no HTTP request writes to (the followers write them) fail on a full disk as their port
 * promises, opened the way the composition root opens them: with `StoreUnavailableError`, which the
 * HTTP layer and the followers treat as "not now". full-disk.e2e covers the ones a request writes.
 */
describe('Embedded stores on a full disk', () => {
  let dataDir: string;
  let lifecycle: Lifecycle;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'taxi-full-'));
    lifecycle = new Lifecycle({ info: () => undefined, warn: () => undefined, error: () => undefined } as never);
  });
  /** The personal-data keys the read store seals with, closed with the rest. */
  const keys = () => {
    const opened = openPersonalDataKeys(config());
    lifecycle.onStop('personal-data keys', () => opened.close());
    return opened;
  };
  afterEach(async () => {
    await lifecycle.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });
  const config = () => loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', DRIVER_POSITIONS: 'shared' });

  /** Writes until one fails, and answers that failure's class (a full file still takes what fits in its free space). */
  const firstFailure = async (write: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 500; i++) {
      try {
        await write(i);
      } catch (error) {
        return error instanceof StoreUnavailableError ? `StoreUnavailableError ${error.reason}` : String(error);
      }
    }
    return 'no failure';
  };

  it('the read store', async () => {
    const store = await openReadStore(config(), keys());
    lifecycle.onStop('read store', () => store.close());
    fillUp(sqliteConnectionOf(store, 'read-models.db'));
    const upsert = (i: number) =>
      store.commit('dashboard', [{ kind: 'upsert', collection: 'dashboard', document: { id: `c-${i}`, position: i }, position: i }], i);
    expect(await firstFailure(upsert)).to.equal('StoreUnavailableError unreachable');
  });

  it('the checkpoints', async () => {
    const readStore = await openReadStore(config(), keys());
    lifecycle.onStop('read store', () => readStore.close());
    const store = await openCheckpointStore(config(), readStore, lifecycle);
    fillUp(sqliteConnectionOf(store, 'checkpoints.db'));
    expect(await firstFailure((i) => store.saveCheckpoint(`process:full-${i}`, i))).to.equal('StoreUnavailableError unreachable');
  });

  it('the leases', async () => {
    const store = openLeaseStore(config(), lifecycle);
    fillUp(sqliteConnectionOf(store, 'checkpoints.db'));
    expect(await firstFailure((i) => store.tryAcquire(`lease-${i}`, 'owner', 10_000))).to.equal('StoreUnavailableError unreachable');
  });

  it('the dead letters', async () => {
    const store = openDeadLetterStore(config(), lifecycle);
    fillUp(sqliteConnectionOf(store, 'dead-letters.db'));
    const park = (i: number) =>
      store.add(
        {
          notificationId: `n-${i}`,
          recipient: { role: 'passenger', id: 'p-1' },
          callId: 'c-1',
          kind: 'CALL_CANCELLED',
          status: 'CANCELLED',
          message: 'Your call was cancelled.',
          createdAt: new Date(0).toISOString(),
          correlationId: 'c-1',
        },
        'HTTP 500',
        new Date(0).toISOString(),
      );
    expect(await firstFailure(park)).to.equal('StoreUnavailableError unreachable');
  });

  it('the driver positions', async () => {
    const { store, close } = openDriverPositions(config());
    lifecycle.onStop('positions', close);
    fillUp(sqliteConnectionOf(store, 'driver-positions.db'));
    const save = (i: number) => store.save({ driverId: `d-${i}`, location: { lat: 37.5, lng: 127 }, at: new Date(0).toISOString() });
    expect(await firstFailure(save)).to.equal('StoreUnavailableError unreachable');
  });
});
