import { randomBytes } from 'node:crypto';
import { Binary, type Collection, MongoClient, type MongoClientOptions } from 'mongodb';
import type { PersonalDataKeys } from '../../application/ports/personal-data-keys.js';

type KeyDocument = { _id: string; key: Binary | null; createdAt: Date; erasedAt?: Date };

/**
 * Keys in MongoDB, collection `personal_data_keys` (`_id` = subject), in the read models' database
 * for production replicas on several machines. Creating is an upsert with `$setOnInsert`, so two
 * replicas that race for a new subject's key both read the one that won. Destroying sets the key
 * to null: the document stays as the tombstone.
 */
export class MongoPersonalDataKeys implements PersonalDataKeys {
  private readonly client: MongoClient;
  private readonly keys: Collection<KeyDocument>;

  constructor(url: string, dbName: string, options: MongoClientOptions = {}) {
    this.client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000, ...options });
    this.keys = this.client.db(dbName).collection<KeyDocument>('personal_data_keys');
  }

  async keyFor(subject: string): Promise<Buffer | null> {
    await this.keys
      .updateOne({ _id: subject }, { $setOnInsert: { key: new Binary(randomBytes(32)), createdAt: new Date() } }, { upsert: true })
      .catch((error: unknown) => {
        // Two upserts of one new _id may collide; the loser reads the winner's key below.
        if (!(error instanceof Error && 'code' in error && error.code === 11000)) throw error;
      });
    return this.find(subject);
  }

  async find(subject: string): Promise<Buffer | null> {
    const document = await this.keys.findOne({ _id: subject });
    return document?.key ? Buffer.from(document.key.buffer) : null;
  }

  async destroy(subject: string, at: string): Promise<void> {
    await this.keys.updateOne(
      { _id: subject },
      { $set: { key: null, erasedAt: new Date(at) }, $setOnInsert: { createdAt: new Date(at) } },
      { upsert: true },
    );
  }

  async ping(): Promise<boolean> {
    await this.client.db('admin').command({ ping: 1 });
    return true;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
