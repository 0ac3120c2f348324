import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, errors } from 'jose';
import { type AuthenticatedActor, actorFromClaims, InvalidTokenError, type TokenVerifier } from './token-verifier.js';

const ALGORITHM = 'ES256';
export const DEV_ISSUER = 'taxi-dispatch-dev';
export const DEV_AUDIENCE = 'taxi-dispatch-api';

/**
 * The embedded default's identity provider: a signing key generated on first start and kept in
 * DATA_DIR (so tokens survive restarts and every role on the machine shares it), and tokens
 * minted on request by the development token endpoint. Never used in production mode.
 */
export class DevTokenAuthority implements TokenVerifier {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly ttlSeconds: number,
  ) {}

  static async open(file: string, ttlSeconds = 12 * 3600): Promise<DevTokenAuthority> {
    if (!existsSync(file)) {
      const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
      // 'wx' fails if another role wrote the key meanwhile; then we read theirs below.
      try {
        writeFileSync(file, JSON.stringify(await exportJWK(privateKey)), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    const { d: _private, ...publicJwk } = jwk;
    return new DevTokenAuthority((await importJWK(jwk, ALGORITHM)) as CryptoKey, (await importJWK(publicJwk, ALGORITHM)) as CryptoKey, ttlSeconds);
  }

  async issue(actor: AuthenticatedActor): Promise<{ token: string; expiresAt: string }> {
    const expires = Math.floor(Date.now() / 1000) + this.ttlSeconds;
    const token = await new SignJWT({ role: actor.role })
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(actor.id)
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(expires)
      .sign(this.privateKey);
    return { token, expiresAt: new Date(expires * 1000).toISOString() };
  }

  async verify(token: string): Promise<AuthenticatedActor> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: [ALGORITHM] });
      return actorFromClaims(payload);
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.code);
      throw error;
    }
  }
}
