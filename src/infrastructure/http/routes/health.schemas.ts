import { z } from 'zod';

/**
 * GET /health/ready — anyone (probes). 200 when every check passes, 503 otherwise. `details`
 * explains a check where there is more to say (`eventStoreWrites`: the event store refusing
 * appends while it still answers pings).
 */
export const writeHealthDetails = z.object({
  ok: z.boolean(),
  consecutiveFailures: z.number().int().min(0),
  lastFailureAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export const readinessResponse = z.union([
  z.object({
    status: z.enum(['ready', 'not-ready']),
    checks: z.record(z.string(), z.boolean()),
    details: z.object({ eventStoreWrites: writeHealthDetails.optional() }).catchall(z.unknown()),
  }),
  z.object({ status: z.literal('shutting-down') }),
]);
/** 413 on any route, answered on the declared Content-Length before the body is read. */
export const payloadTooLargeResponse = z.object({
  error: z.object({
    code: z.literal('PAYLOAD_TOO_LARGE'),
    message: z.string(),
    details: z.object({ limit: z.number().int(), declared: z.number() }).optional(),
  }),
});
