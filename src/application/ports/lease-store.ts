import { type Token, token } from './token.js';

/**
 * A named, expiring lease: while one owner holds it, nobody else can take it; when the owner
 * stops renewing (it died, it hangs), another takes it over once it expired. Each new holder
 * gets a higher fencing `token`, so a stale holder that wakes up late is recognisable: its
 * renewals fail, and whatever it still does is caught by the idempotency of every effect.
 */
export type Lease = {
  name: string;
  owner: string;
  /** Increases every time the lease changes hands. */
  token: number;
  /** Epoch milliseconds after which the lease is free for others, unless renewed. */
  expiresAt: number;
};

export interface LeaseStore {
  /** The lease when it was free, expired or already ours (then renewed); null when another owner holds it. */
  tryAcquire(name: string, owner: string, ttlMs: number): Promise<Lease | null>;
  /** Extends a lease we hold; null when it was lost meanwhile (expired and taken, or released). */
  renew(lease: Lease, ttlMs: number): Promise<Lease | null>;
  /** Frees the lease at once (graceful stop) so another replica need not wait for the expiry. */
  release(lease: Lease): Promise<void>;
}

export const LEASE_STORE: Token<LeaseStore> = token('LeaseStore');
