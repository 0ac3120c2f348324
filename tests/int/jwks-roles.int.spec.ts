import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { JwksTokenVerifier } from '../../src/infrastructure/auth/jwks-token-verifier.js';
import { InvalidTokenError } from '../../src/infrastructure/auth/token-verifier.js';
import { ConfigError, loadConfig } from '../../src/infrastructure/config/config.js';

const ISSUER = 'http://idp.test/realms/taxi';
const AUDIENCE = 'taxi-api';

describe('Roles from an identity provider (JWKS served locally)', () => {
  let server: Server;
  let jwksUrl: string;
  let sign: (claims: Record<string, unknown>) => Promise<string>;

  before(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
    sign = (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject('u-1')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  const verifierWith = (env: Record<string, string>) => {
    const config = loadConfig({ AUTH_MODE: 'jwks', AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, ...env });
    return new JwksTokenVerifier(jwksUrl, ISSUER, AUDIENCE, { claim: config.AUTH_ROLES_CLAIM, map: config.AUTH_ROLE_MAP });
  };

  it("accepts roles: ['offline_access', 'driver'] without any setting", async () => {
    expect(await verifierWith({}).verify(await sign({ roles: ['offline_access', 'driver'] }))).to.deep.equal({ role: 'driver', id: 'u-1' });
  });

  it("reads Keycloak's realm_access.roles and maps provider role names", async () => {
    const verifier = verifierWith({ AUTH_ROLES_CLAIM: 'realm_access.roles', AUTH_ROLE_MAP: 'offline_access:,taxi-driver:driver,taxi-ops:operator' });
    expect(await verifier.verify(await sign({ realm_access: { roles: ['offline_access', 'taxi-driver'] } }))).to.deep.equal({
      role: 'driver',
      id: 'u-1',
    });
    expect(await verifier.verify(await sign({ realm_access: { roles: ['taxi-driver', 'taxi-ops'] } }))).to.deep.equal({
      role: 'operator',
      id: 'u-1',
    });
  });

  it('refuses a token whose roles map to nothing known', async () => {
    const verifier = verifierWith({ AUTH_ROLES_CLAIM: 'realm_access.roles', AUTH_ROLE_MAP: 'driver:' });
    const error = await verifier.verify(await sign({ realm_access: { roles: ['offline_access', 'driver'] } })).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidTokenError);
  });

  it('refuses a role map that does not read as provider-role:role', () => {
    expect(() => verifierWith({ AUTH_ROLE_MAP: 'taxi-driver:chauffeur' })).to.throw(ConfigError, /AUTH_ROLE_MAP/);
  });
});
