import { LRUCache } from 'lru-cache';
import type { PersonalDataKeys } from '../../application/ports/personal-data-keys.js';

const NO_KEY = 'none';

/**
 * The key store behind a small LRU, as crypto-shredding reads it: a subject's key, or the fact that
 * it has none (erased), for `ttlMs`. `forget` evicts at once when this process learns of an erasure.
 */
export class PersonalKeysCache {
  private readonly keys: LRUCache<string, Buffer | typeof NO_KEY>;

  constructor(
    private readonly keyStore: PersonalDataKeys,
    options: { cachedKeys?: number; keyTtlMs?: number } = {},
  ) {
    // ttlResolution 0: the clock is read on each look-up. The default (1 ms) caches it and arms a
    // timer to forget it, so nearly every look-up under load set a timer.
    this.keys = new LRUCache({ max: options.cachedKeys ?? 50_000, ttl: options.keyTtlMs ?? 60_000, ttlResolution: 0 });
  }

  /** `create` makes the key on first use (an append); `find` never does (a read). */
  async key(subject: string, mode: 'create' | 'find'): Promise<Buffer | null> {
    const cached = this.keys.get(subject);
    if (cached instanceof Buffer) return cached;
    if (cached === NO_KEY && mode === 'find') return null;
    const key = mode === 'create' ? await this.keyStore.keyFor(subject) : await this.keyStore.find(subject);
    this.keys.set(subject, key ?? NO_KEY);
    return key;
  }

  forget(subject: string): void {
    this.keys.delete(subject);
  }
}
