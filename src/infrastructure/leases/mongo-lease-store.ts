import { type Collection, MongoClient, MongoServerError } from 'mongodb';
import type { Lease, LeaseStore } from '../../application/ports/lease-store.js';

type LeaseDocument = { _id: string; owner: string; token: number; expiresAt: number };

const DUPLICATE_KEY = 11000;

/**
 * Leases in MongoDB, for worker replicas on different hosts. Every change is a compare-and-set
 * on one document (filter on owner, token and expiry, then $set), which MongoDB applies
 * atomically: of two replicas racing for an expired lease, one matches and one does not.
 * FerretDB 1.x evaluates such a filter outside any transaction, so there two replicas can both
 * win a race; the fencing token and the idempotency of every effect still prevent a double
 * effect (docs/scale-out.md), but run real MongoDB in production.
 */
export class MongoLeaseStore implements LeaseStore {
  private readonly client: MongoClient;
  private readonly leases: Collection<LeaseDocument>;

  constructor(
    url: string,
    dbName: string,
    private readonly now: () => number = Date.now,
  ) {
    this.client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
    this.leases = this.client.db(dbName).collection<LeaseDocument>('worker_leases');
  }

  async tryAcquire(name: string, owner: string, ttlMs: number): Promise<Lease | null> {
    const now = this.now();
    const expiresAt = now + ttlMs;
    const current = await this.leases.findOne({ _id: name });
    if (!current) {
      try {
        await this.leases.insertOne({ _id: name, owner, token: 1, expiresAt });
        return { name, owner, token: 1, expiresAt };
      } catch (error) {
        if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return null; // another replica was first
        throw error;
      }
    }
    const ours = current.owner === owner && current.expiresAt > now;
    if (!ours && current.expiresAt > now) return null;
    const token = ours ? current.token : current.token + 1;
    const { matchedCount } = await this.leases.updateOne(
      { _id: name, owner: current.owner, token: current.token, expiresAt: current.expiresAt },
      { $set: { owner, token, expiresAt } },
    );
    return matchedCount === 1 ? { name, owner, token, expiresAt } : null;
  }

  async renew(lease: Lease, ttlMs: number): Promise<Lease | null> {
    const now = this.now();
    const expiresAt = now + ttlMs;
    const { matchedCount } = await this.leases.updateOne(
      { _id: lease.name, owner: lease.owner, token: lease.token, expiresAt: { $gt: now } },
      { $set: { expiresAt } },
    );
    return matchedCount === 1 ? { ...lease, expiresAt } : null;
  }

  async release(lease: Lease): Promise<void> {
    // Expired rather than deleted: the token must keep growing across holders.
    await this.leases.updateOne({ _id: lease.name, owner: lease.owner, token: lease.token }, { $set: { expiresAt: 0 } });
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
