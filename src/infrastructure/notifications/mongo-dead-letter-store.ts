import { type Collection, MongoClient, MongoServerError } from 'mongodb';
import type { DeadLetter, DeadLetterKey, DeadLetterStore } from '../../application/ports/dead-letter-store.js';
import type { OutgoingNotification } from '../../application/ports/notifier.js';

type LetterDocument = {
  _id: string;
  notification: OutgoingNotification;
  reason: string;
  failures: number;
  firstFailedAt: string;
  lastFailedAt: string;
};

const DUPLICATE_KEY = 11000;

const letterOf = ({ notification, reason, failures, firstFailedAt, lastFailedAt }: LetterDocument): DeadLetter => ({
  notification,
  reason,
  failures,
  firstFailedAt,
  lastFailedAt,
});

/**
 * Undelivered notifications in MongoDB (with MONGO_URL), so a restarted or rescheduled worker pod
 * keeps them, and the API of any replica lists and replays them. Keyed by notification id.
 */
export class MongoDeadLetterStore implements DeadLetterStore {
  private readonly client: MongoClient;
  private readonly letters: Collection<LetterDocument>;
  private indexed: Promise<unknown> | undefined;

  constructor(url: string, dbName: string) {
    this.client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
    this.letters = this.client.db(dbName).collection<LetterDocument>('notification_dead_letters');
  }

  private ready(): Promise<unknown> {
    this.indexed ??= this.letters.createIndex({ firstFailedAt: 1, _id: 1 }).catch((error: unknown) => {
      this.indexed = undefined;
      throw error;
    });
    return this.indexed;
  }

  async add(notification: OutgoingNotification, reason: string, at: string): Promise<void> {
    await this.ready();
    const known = await this.letters.updateOne({ _id: notification.notificationId }, { $set: { reason, lastFailedAt: at }, $inc: { failures: 1 } });
    if (known.matchedCount > 0) return;
    try {
      await this.letters.insertOne({ _id: notification.notificationId, notification, reason, failures: 1, firstFailedAt: at, lastFailedAt: at });
    } catch (error) {
      // Another writer inserted it meanwhile: this failure counts on the letter it made.
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      await this.letters.updateOne({ _id: notification.notificationId }, { $set: { reason, lastFailedAt: at }, $inc: { failures: 1 } });
    }
  }

  async oldest(limit: number): Promise<DeadLetter[]> {
    return this.page(limit);
  }

  async page(limit: number, after?: DeadLetterKey): Promise<DeadLetter[]> {
    await this.ready();
    const filter = after
      ? { $or: [{ firstFailedAt: { $gt: after.firstFailedAt } }, { firstFailedAt: after.firstFailedAt, _id: { $gt: after.notificationId } }] }
      : {};
    const documents = await this.letters.find(filter).sort({ firstFailedAt: 1, _id: 1 }).limit(limit).toArray();
    return documents.map(letterOf);
  }

  async get(notificationId: string): Promise<DeadLetter | null> {
    const document = await this.letters.findOne({ _id: notificationId });
    return document ? letterOf(document) : null;
  }

  async remove(notificationId: string): Promise<void> {
    await this.letters.deleteOne({ _id: notificationId });
  }

  async count(): Promise<number> {
    return this.letters.countDocuments({});
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
