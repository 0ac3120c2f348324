import { decodeJwt } from 'jose';
import { LRUCache } from 'lru-cache';
import type { AuthenticatedActor, TokenVerifier } from './token-verifier.js';

export type CachedTokenVerifierOptions = {
  /** Tokens remembered at once; the least recently used go first. */
  maxTokens?: number;
  /** The longest a token is trusted without checking its signature again, in ms. */
  maxAgeMs?: number;
  now?: () => number;
};

/**
 * Remembers tokens that verified, until they expire or for `maxAgeMs`, whichever comes first.
 * A client sends the same bearer token with every request until it expires, and checking an
 * ES256 signature costs more CPU than the rest of a command; the same token string always
 * verifies to the same caller, so it need not be checked again. Refused tokens are never
 * remembered (garbage would only evict good entries). The price is `maxAgeMs`: a key the
 * identity provider withdraws from its JWKS still admits tokens already seen for that long.
 */
export class CachedTokenVerifier implements TokenVerifier {
  private readonly verified: LRUCache<string, AuthenticatedActor>;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: TokenVerifier,
    options: CachedTokenVerifierOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.verified = new LRUCache({ max: options.maxTokens ?? 50_000, ttl: this.maxAgeMs, ttlResolution: 0, perf: { now: this.now } });
  }

  async verify(token: string): Promise<AuthenticatedActor> {
    const known = this.verified.get(token);
    if (known) return known;
    const actor = await this.inner.verify(token);
    const { exp } = decodeJwt(token);
    const ttl = Math.min(this.maxAgeMs, exp === undefined ? this.maxAgeMs : exp * 1000 - this.now());
    if (ttl > 0) this.verified.set(token, actor, { ttl });
    return actor;
  }
}
