import { join } from 'node:path';
import { expect } from 'chai';
import { SqliteDeadLetterStore } from '../../src/infrastructure/notifications/sqlite-dead-letter-store.js';
import { apiClient, onlineDriver, requestRide } from '../support/http-client.js';
import { eventStoreOf, eventually, expectedNotificationIds, manyRides } from '../support/rides.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver.js';

describe('Notification delivery', () => {
  let receiver: WebhookReceiver;
  let app: TestApp;

  before(async () => (receiver = await startWebhookReceiver()));
  after(async () => {
    await app?.stop();
    await receiver.down();
  });

  describe('when the webhook is down for a while', () => {
    it('lets rides proceed, and delivers every missed notification exactly once when it is back', async function () {
      this.timeout(60_000);
      app = await startTestApp({ NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_MAX_ATTEMPTS: '2', NOTIFY_DEAD_LETTER_RETRY_MS: '300' });
      const api = apiClient(app.url);
      const store = eventStoreOf(app.container);
      await manyRides(api, 3, 3, 'p-before');
      await eventually(
        async () => receiver.countsById().size === (await expectedNotificationIds(store)).size,
        10_000,
        'notifications before the outage',
      );
      const deliveredBefore = receiver.received.length;
      // The notifier's parking lot, read beside it: what it failed to deliver and will try again.
      const deadLetters = new SqliteDeadLetterStore(join(app.dataDir, 'dead-letters.db'));

      await receiver.down();
      const rides = await manyRides(api, 10, 5, 'p-during');
      // A cancelled assignment during the outage: the driver is told too.
      const driverId = await onlineDriver(api, 'Cancelled');
      const cancelledCall = await requestRide(api, 'p-cancel');
      await api.post(`/api/calls/${cancelledCall}/accept`, { driverId });
      await api.post(`/api/calls/${cancelledCall}/cancel`, {});
      expect(
        rides.every((r) => r.finished.status === 200),
        'rides proceed while notifications fail',
      ).to.equal(true);
      const expected = await expectedNotificationIds(store);
      const missed = expected.size - receiver.countsById().size;
      await eventually(async () => (await deadLetters.count()) >= missed, 20_000, 'every missed notification tried and parked');
      expect(receiver.received.length, 'nothing delivered while down').to.equal(deliveredBefore);

      await receiver.up();
      await eventually(() => receiver.countsById().size === expected.size, 20_000, 'every notification delivered');
      // Nothing parked is left, so nothing is left to be sent again: the counts are final.
      await eventually(async () => (await deadLetters.count()) === 0, 20_000, 'the parking lot emptied');
      deadLetters.close();
      const counts = receiver.countsById();
      expect([...counts.keys()].sort()).to.deep.equal([...expected].sort());
      expect(
        [...counts.values()].filter((n) => n !== 1),
        'notifications delivered more than once',
      ).to.deep.equal([]);
      expect(receiver.received.every((n) => n.idempotencyKey === n.notificationId)).to.equal(true);
      expect(
        receiver.received.some((n) => n.kind === 'ASSIGNMENT_CANCELLED' && n.recipient.role === 'driver' && n.recipient.id === driverId),
      ).to.equal(true);
    });
  });
});
