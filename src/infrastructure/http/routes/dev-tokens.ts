import { randomUUID } from 'node:crypto';
import type { DevTokenAuthority } from '../../auth/dev-token-authority.js';
import { ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import { devTokenBody, devTokenResponse } from './misc.schemas.js';

/**
 * Development only (AUTH_MODE=dev): mints a token for any role and subject, so the quick start and
 * the tests can act as a passenger, a driver or an operator. Not served, so not documented, in production.
 */
export const devTokenRoutes = new Routes<DevTokenAuthority>({ tag: 'development' }).route({
  method: 'post',
  path: '/api/dev/tokens',
  security: 'public',
  summary: 'Mint a token for any role (AUTH_MODE=dev only)',
  request: { body: devTokenBody, bodyExample: { role: 'passenger', subject: 'alice' } },
  responses: { 201: ok('A bearer token', devTokenResponse) },
  handle: async ({ body: { role, subject = randomUUID() } }, authority) => {
    const { token, expiresAt } = await authority.issue({ role, id: subject });
    return { token, tokenType: 'Bearer', role, subject, expiresAt };
  },
});
