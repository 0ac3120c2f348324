import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { type RoleClaims, actorFromRoleClaims } from './role-claims.js';
import { type AuthenticatedActor, InvalidTokenError, type TokenVerifier } from './token-verifier.js';

/** Production: tokens of an external identity provider, checked against its published keys. */
export class JwksTokenVerifier implements TokenVerifier {
  private readonly keys;

  constructor(
    jwksUrl: string,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly roleClaims: RoleClaims = {},
  ) {
    // jose caches the key set and refetches it when a token names an unknown key id.
    this.keys = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
  }

  async verify(token: string): Promise<AuthenticatedActor> {
    try {
      const { payload } = await jwtVerify(token, this.keys, { issuer: this.issuer, audience: this.audience });
      return actorFromRoleClaims(payload, this.roleClaims);
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.code);
      throw error;
    }
  }
}
