import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { DevTokenAuthority } from '../../auth/dev-token-authority.js';
import { parse } from '../validation.js';
import { devTokenBody as requestSchema } from './misc.schemas.js';

/**
 * Development only (AUTH_MODE=dev): mints a token for any role and subject, so the quick start and
 * the tests can act as a passenger, a driver or an operator. It does not exist in production mode.
 */
export const devTokenRoutes = (authority: DevTokenAuthority) => {
  const router = Router();
  router.post('/dev/tokens', async (req, res) => {
    const { role, subject = randomUUID() } = parse(requestSchema, req.body);
    const { token, expiresAt } = await authority.issue({ role, id: subject });
    res.status(201).json({ token, tokenType: 'Bearer', role, subject, expiresAt });
  });
  return router;
};
