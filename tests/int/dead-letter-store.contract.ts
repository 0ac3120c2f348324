import { expect } from 'chai';
import type { DeadLetterStore } from '../../src/application/ports/dead-letter-store.js';
import type { OutgoingNotification } from '../../src/application/ports/notifier.js';
import { reportRanAgainst } from '../support/ran-against.js';

export type DeadLetterStoreFactory = () => Promise<{ store: DeadLetterStore; reopen: () => Promise<DeadLetterStore>; cleanup: () => Promise<void> }>;

const letter = (id: string): OutgoingNotification => ({
  notificationId: id,
  recipient: { role: 'passenger', id: 'p-1' },
  callId: 'c-1',
  kind: 'CALL_REQUESTED',
  status: 'REQUESTED',
  message: 'm',
  createdAt: 't',
  correlationId: 'c-1',
});
const idsOf = (letters: Array<{ notification: { notificationId: string } }>) => letters.map((l) => l.notification.notificationId);

/** What every dead-letter store adapter must do alike. */
export const deadLetterStoreContract = (adapterName: string, factory: DeadLetterStoreFactory) => {
  describe(`DeadLetterStore contract — ${adapterName}`, () => {
    let store: DeadLetterStore;
    let reopen: () => Promise<DeadLetterStore>;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, reopen, cleanup } = await factory()));
    afterEach(async () => cleanup());
    reportRanAgainst('dead-letter store contract', adapterName);

    it('keeps one letter per notification, counting its failures and the last reason', async () => {
      await store.add(letter('n-1'), 'HTTP 503', '2026-01-01T00:00:01Z');
      await store.add(letter('n-1'), 'timeout', '2026-01-01T00:00:05Z');
      expect(await store.count()).to.equal(1);
      expect(await store.get('n-1')).to.deep.equal({
        notification: letter('n-1'),
        reason: 'timeout',
        failures: 2,
        firstFailedAt: '2026-01-01T00:00:01Z',
        lastFailedAt: '2026-01-01T00:00:05Z',
      });
      expect(await store.get('unknown')).to.equal(null);
    });

    it('lists oldest first and pages after a key; removes', async () => {
      await store.add(letter('n-b'), 'r', '2026-01-01T00:00:02Z');
      await store.add(letter('n-a'), 'r', '2026-01-01T00:00:02Z');
      await store.add(letter('n-c'), 'r', '2026-01-01T00:00:01Z');
      expect(idsOf(await store.page(10))).to.deep.equal(['n-c', 'n-a', 'n-b']);
      expect(idsOf(await store.page(10, { firstFailedAt: '2026-01-01T00:00:02Z', notificationId: 'n-a' }))).to.deep.equal(['n-b']);
      expect(idsOf(await store.oldest(1))).to.have.length(1);
      await store.remove('n-a');
      expect(idsOf(await store.page(10))).to.deep.equal(['n-c', 'n-b']);
    });

    it('keeps the letters across a restart of the store', async () => {
      await store.add(letter('n-kept'), 'HTTP 500', '2026-01-01T00:00:01Z');
      const reopened = await reopen();
      expect(idsOf(await reopened.page(10))).to.deep.equal(['n-kept']);
    });
  });
};
