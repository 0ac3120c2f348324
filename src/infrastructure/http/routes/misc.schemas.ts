import { z } from 'zod';
import { CALLER_ROLES } from '../../auth/token-verifier.js';
import { idSchema, rideTypeSchema } from '../validation.js';
import { writeResult } from './common.schemas.js';

export const tariffBody = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/).default('KRW'),
  amountPerStartedMinute: z.number().int().positive().max(1_000_000),
  minimumMinutes: z.number().int().min(1).max(600).default(1),
});
export const tariffParams = z.object({ rideType: rideTypeSchema });
const tariffOut = z.object({ rideType: z.string(), currency: z.string(), amountPerStartedMinute: z.number().int(), minimumMinutes: z.number().int() });
export const tariffsResponse = z.array(tariffOut);
export const tariffSetResponse = tariffOut.extend(writeResult);

export const devTokenBody = z.object({ role: z.enum(CALLER_ROLES), subject: idSchema.optional().describe('The caller id; a fresh UUID when absent') });
export const devTokenResponse = z.object({ token: z.string(), tokenType: z.literal('Bearer'), role: z.enum(CALLER_ROLES), subject: z.string(), expiresAt: z.string() });

export const liveResponse = z.object({ status: z.literal('live') });
export const readyResponse = z.object({ status: z.enum(['ready', 'not-ready', 'shutting-down']), checks: z.record(z.string(), z.boolean()).optional() });
