import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { type Collection, MongoClient, MongoServerError } from 'mongodb';

type HitsDocument = { _id: string; hits: number; expiresAt: Date };

const DUPLICATE_KEY = 11000;
const NOT_IMPLEMENTED = 238;
/** Two replicas creating or resetting the same window at once: one insert wins, the other counts again. */
const MAX_RACES = 3;

/**
 * express-rate-limit's Store in MongoDB, so every API replica counts into the same fixed window per
 * key. Written here because the published Mongo store (rate-limit-mongo) needs the 3.x driver.
 * Each hit is one atomic `$inc` on a live window; an expired or missing window is (re)started by
 * an upsert filtered on expiry, whose duplicate-key error tells that another replica started it
 * first. A TTL index removes windows nobody hits any more.
 */
export class MongoRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly windows: Collection<HitsDocument>,
    readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async init(options: Options): Promise<void> {
    this.windowMs = options.windowMs;
    try {
      await this.windows.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    } catch (error) {
      // FerretDB 1.x has no TTL indexes: expired windows then stay until their key is hit again
      // (and restarted in place), which costs space, not correctness.
      if (!(error instanceof MongoServerError && error.code === NOT_IMPLEMENTED)) throw error;
    }
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const window = await this.windows.findOne({ _id: this.prefix + key, expiresAt: { $gt: new Date(this.now()) } });
    return window ? { totalHits: window.hits, resetTime: window.expiresAt } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const _id = this.prefix + key;
    for (let race = 0; ; race += 1) {
      const now = new Date(this.now());
      const counted = await this.windows.findOneAndUpdate({ _id, expiresAt: { $gt: now } }, { $inc: { hits: 1 } }, { returnDocument: 'after' });
      if (counted) return { totalHits: counted.hits, resetTime: counted.expiresAt };
      const expiresAt = new Date(now.getTime() + this.windowMs);
      try {
        await this.windows.updateOne({ _id, expiresAt: { $lte: now } }, { $set: { hits: 1, expiresAt } }, { upsert: true });
        return { totalHits: 1, resetTime: expiresAt };
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY) || race >= MAX_RACES) throw error;
      }
    }
  }

  async decrement(key: string): Promise<void> {
    await this.windows.updateOne({ _id: this.prefix + key, expiresAt: { $gt: new Date(this.now()) } }, { $inc: { hits: -1 } });
  }

  async resetKey(key: string): Promise<void> {
    await this.windows.deleteOne({ _id: this.prefix + key });
  }
}

/** One client and collection for every limiter of a process; each limiter gets its own prefix. */
export const mongoRateLimitStores = (url: string, dbName: string) => {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
  const windows = client.db(dbName).collection<HitsDocument>('rate_limits');
  return { storeFor: (prefix: string) => new MongoRateLimitStore(windows, prefix), close: () => client.close() };
};
