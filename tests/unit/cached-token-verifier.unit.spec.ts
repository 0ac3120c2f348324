import { expect } from 'chai';
import { CachedTokenVerifier } from '../../src/infrastructure/auth/cached-token-verifier.js';
import { type AuthenticatedActor, InvalidTokenError, type TokenVerifier } from '../../src/infrastructure/auth/token-verifier.js';

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A token's shape (the fake verifier below decides whether it is good; the cache only reads `exp`). */
const token = (sub: string, expSeconds: number) => `${part({ alg: 'ES256' })}.${part({ sub, role: 'driver', exp: expSeconds })}.signature`;

/** Accepts tokens whose subject does not start with "bad", counting the signature checks. */
const fakeVerifier = () => {
  const checked: string[] = [];
  const verifier: TokenVerifier = {
    verify: async (jwt) => {
      checked.push(jwt);
      const sub = (JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
      if (sub.startsWith('bad')) throw new InvalidTokenError('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
      return { role: 'driver', id: sub } satisfies AuthenticatedActor;
    },
  };
  return { verifier, checked };
};

describe('Cached token verifier', () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => (now = 1_700_000_000_000));

  it('checks a token once and answers the same caller again from memory', async () => {
    const { verifier, checked } = fakeVerifier();
    const cached = new CachedTokenVerifier(verifier, { now: clock });
    const jwt = token('d-1', now / 1000 + 3600);

    expect(await cached.verify(jwt)).to.deep.equal({ role: 'driver', id: 'd-1' });
    expect(await cached.verify(jwt)).to.deep.equal({ role: 'driver', id: 'd-1' });
    expect(checked).to.have.length(1);
  });

  it('checks again once the token has expired, so an expired token is refused by the verifier', async () => {
    const { verifier, checked } = fakeVerifier();
    const cached = new CachedTokenVerifier(verifier, { now: clock });
    const jwt = token('d-1', now / 1000 + 10);
    await cached.verify(jwt);

    now += 10_001;
    await cached.verify(jwt);
    expect(checked).to.have.length(2);
  });

  it('checks again after the maximum age even when the token lives longer', async () => {
    const { verifier, checked } = fakeVerifier();
    const cached = new CachedTokenVerifier(verifier, { now: clock, maxAgeMs: 1_000 });
    const jwt = token('d-1', now / 1000 + 3600);
    await cached.verify(jwt);

    now += 500;
    await cached.verify(jwt);
    expect(checked).to.have.length(1);
    now += 600;
    await cached.verify(jwt);
    expect(checked).to.have.length(2);
  });

  it('never remembers a refused token', async () => {
    const { verifier, checked } = fakeVerifier();
    const cached = new CachedTokenVerifier(verifier, { now: clock });
    const jwt = token('bad-1', now / 1000 + 3600);

    for (let i = 0; i < 2; i += 1) {
      const error = await cached.verify(jwt).catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(InvalidTokenError);
    }
    expect(checked).to.have.length(2);
  });
});
