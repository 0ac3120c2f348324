import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/infrastructure/config/config.js';
import { consoleConfigOf } from '../../src/infrastructure/http/routes/console.js';

describe('The console settings', () => {
  it('default to no tiles, Seoul time and the development sign-in', () => {
    expect(consoleConfigOf(loadConfig({}))).to.deep.equal({ authMode: 'dev', oidc: null, mapTilesUrl: null, serviceTimeZone: 'Asia/Seoul' });
  });

  it('offer the identity provider sign-in with AUTH_MODE=jwks, the issuer being the default authority', () => {
    const config = loadConfig({
      AUTH_MODE: 'jwks',
      AUTH_JWKS_URL: 'https://id.example/jwks',
      AUTH_ISSUER: 'https://id.example',
      AUTH_AUDIENCE: 'taxi',
      OIDC_CLIENT_ID: 'console',
    });
    expect(consoleConfigOf(config).oidc).to.deep.equal({ authority: 'https://id.example', clientId: 'console', scope: 'openid profile' });
  });

  it('refuse a time zone that does not exist', () => {
    expect(() => loadConfig({ SERVICE_TIME_ZONE: 'Mars/Olympus' })).to.throw(ConfigError, /SERVICE_TIME_ZONE/);
  });
});
