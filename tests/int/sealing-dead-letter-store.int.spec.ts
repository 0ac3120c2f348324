import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { PersonalKeysCache } from '../../src/infrastructure/privacy/personal-keys-cache.js';
import { SealingDeadLetterStore } from '../../src/infrastructure/privacy/sealing-dead-letter-store.js';
import { SqlitePersonalDataKeys } from '../../src/infrastructure/privacy/sqlite-personal-data-keys.js';
import { SqliteDeadLetterStore } from '../../src/infrastructure/notifications/sqlite-dead-letter-store.js';
import { deadLetterStoreContract } from './dead-letter-store.contract.js';

/** The contract's recipient has a key: the decorator must answer exactly like the store it wraps. */
const opened = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taxi-sealed-dl-'));
  const keys = new SqlitePersonalDataKeys(join(dir, 'keys.db'));
  await keys.keyFor('passenger:p-1');
  const file = join(dir, 'dead-letters.db');
  const stores = [new SqliteDeadLetterStore(file)];
  const cache = new PersonalKeysCache(keys, { keyTtlMs: 1 });
  return {
    keys,
    plain: () => stores.at(-1)!,
    store: new SealingDeadLetterStore(stores[0]!, cache),
    reopen: async () => {
      stores.at(-1)!.close();
      stores.push(new SqliteDeadLetterStore(file));
      return new SealingDeadLetterStore(stores.at(-1)!, cache);
    },
    cleanup: async () => {
      stores.at(-1)!.close();
      await keys.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

deadLetterStoreContract('embedded SQLite, sealed', opened);

describe('Sealed dead letters', () => {
  it('keep the text sealed on disk, and read it erased once the recipient is erased', async () => {
    const { keys, plain, store, cleanup } = await opened();
    try {
      const notification = {
        notificationId: 'n-9',
        recipient: { role: 'passenger' as const, id: 'p-1' },
        callId: 'c-9',
        kind: 'CALL_REQUESTED',
        status: 'REQUESTED',
        message: 'Your taxi to Minji House, 3 Bukchon-ro is on its way',
        createdAt: 't',
        correlationId: 'c-9',
      };
      await store.add(notification, 'HTTP 503', '2026-01-01T00:00:00Z');
      expect((await plain().get('n-9'))!.notification.message).not.to.contain('Minji');
      expect((await store.get('n-9'))!.notification.message).to.equal(notification.message);
      await keys.destroy('passenger:p-1', '2026-01-02T00:00:00Z');
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await store.oldest(10)).map((letter) => letter.notification.message)).to.deep.equal(['[erased]']);
      await store.add({ ...notification, notificationId: 'n-10' }, 'HTTP 503', '2026-01-03T00:00:00Z');
      expect((await plain().get('n-10'))!.notification.message).to.equal('[erased]');
    } finally {
      await cleanup();
    }
  });
});
