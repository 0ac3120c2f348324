import { z } from 'zod';
import { CALLER_ROLES } from '../../auth/token-verifier.js';
import { idSchema } from '../validation.js';

export const devTokenBody = z.object({
  role: z.enum(CALLER_ROLES),
  subject: idSchema.optional().describe('The caller id; a fresh UUID when absent'),
});
export const devTokenResponse = z.object({
  token: z.string(),
  tokenType: z.literal('Bearer'),
  role: z.enum(CALLER_ROLES),
  subject: z.string(),
  expiresAt: z.string(),
});

export const liveResponse = z.object({ status: z.literal('live') });
