import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().positive();
const url = z.string().url();
const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * Every setting comes from the environment and is validated at start: a bad value stops the
 * process with a message naming the variable, instead of failing later in the middle of a ride.
 */
const schema = z.object({
  ROLE: z.enum(['all', 'api', 'projector', 'workers']).default('all'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EVENT_STORE_DURABILITY: z.enum(['normal', 'full']).default('normal'),
  EVENTSTORE_URL: url.optional(),
  MONGO_URL: url.optional(),
  MONGO_DB: z.string().min(1).default('taxi'),
  PAYMENT_GATEWAY_URL: url.optional(),
  /** Time the finish request may spend charging before it falls back to "pay later". */
  PAYMENT_BUDGET_MS: positiveMs.default(1_500),
  NOTIFY_WEBHOOK_URL: url.optional(),
  /** "Pay later": first wait after an unavailable gateway, doubling per attempt up to the max delay. */
  PAYMENT_RETRY_BASE_MS: positiveMs.default(2_000),
  PAYMENT_RETRY_MAX_DELAY_MS: positiveMs.default(300_000),
  /** Give a payment up (PaymentFailed RETRIES_EXHAUSTED) after this many unavailable attempts … */
  PAYMENT_RETRY_MAX_ATTEMPTS: z.coerce.number().int().positive().default(20),
  /** … or this long after the ride finished (RETRY_WINDOW_EXPIRED), whichever comes first. */
  PAYMENT_RETRY_MAX_AGE_MS: positiveMs.default(86_400_000),
  /** A payment still merely requested after this long is charged by the retry worker (the finish request died). */
  PAYMENT_RETRY_GRACE_MS: positiveMs.default(10_000),
  /** Time one background charge or refund may take. */
  PAYMENT_RETRY_BUDGET_MS: positiveMs.default(5_000),
  PAYMENT_RETRY_CONCURRENCY: z.coerce.number().int().positive().default(8),
  /** Webhook attempts per notification before it is parked as a dead letter. */
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().positive().default(3),
  NOTIFY_TIMEOUT_MS: positiveMs.default(2_000),
  /** How often parked notifications are offered to the webhook again. */
  NOTIFY_DEAD_LETTER_RETRY_MS: positiveMs.default(10_000),
  /** Notifications in flight at most, past the oldest not yet told (one call's always in order). */
  NOTIFY_CONCURRENCY: z.coerce.number().int().positive().default(64),
  /** A worker replica that stops renewing its lease is replaced by another after at most this long. */
  WORKER_LEASE_TTL_MS: positiveMs.default(10_000),
  /** How long a query with `minPosition` may wait for the read model to catch up. */
  READ_WAIT_MAX_MS: positiveMs.default(2_000),
  /** How long a query without `minPosition` waits for the log's head (read-your-writes by default). */
  READ_WAIT_IMPLICIT_MS: positiveMs.default(500),
  /** Auto-dispatch: offer each new call to the nearest free driver, one after another (`on` / `off`). */
  AUTO_DISPATCH: z.enum(['on', 'off', 'true', 'false', '1', '0']).default('on').transform((value) => ['on', 'true', '1'].includes(value)),
  /** How long an offered driver has to accept before the next one is offered the call. */
  OFFER_TIMEOUT_MS: positiveMs.default(15_000),
  /** A call nobody accepted within this long after the request ends as NO_DRIVER_FOUND. */
  DISPATCH_TOTAL_TIMEOUT_MS: positiveMs.default(180_000),
  /** When no free driver is near, auto-dispatch searches again after this long. */
  DISPATCH_SEARCH_RETRY_MS: positiveMs.default(2_000),
  /** Search radii in metres, tried in turn until enough drivers are found. */
  DISPATCH_SEARCH_RADII_M: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'comma-separated metres, e.g. 1000,3000,10000')
    .default('1000,3000,10000')
    .transform((value) => value.split(',').map(Number)),
  /** How often drivers who moved are folded into a fresh KD-tree. */
  GEO_REBUILD_INTERVAL_MS: positiveMs.default(1_000),
  /**
   * Where position pings live: `memory` (this process only), `shared` (MongoDB with MONGO_URL, else
   * DATA_DIR/driver-positions.db), or `auto`: memory for ROLE=all without MONGO_URL, shared otherwise.
   */
  DRIVER_POSITIONS: z.enum(['auto', 'memory', 'shared']).default('auto'),
  /** With shared positions: how often the index auto-dispatch searches reads the pings saved since. */
  DRIVER_POSITIONS_REFRESH_MS: positiveMs.default(1_000),
  /** Comment lines on Server-Sent Event streams keep idle connections open through proxies. */
  SSE_HEARTBEAT_MS: positiveMs.default(15_000),
  SHUTDOWN_GRACE_MS: positiveMs.default(10_000),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/).default('16kb'),
  NODE_ENV: z.string().default('development'),
  /** `dev`: a local signing key and POST /api/dev/tokens; `jwks`: an identity provider's keys. */
  AUTH_MODE: z.enum(['dev', 'jwks']).default('dev'),
  /** Where the development signing key is kept; replicas that share it accept each other's tokens. */
  AUTH_DEV_KEY_FILE: z.string().min(1).optional(),
  AUTH_JWKS_URL: url.optional(),
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  /** The web console's map tiles, e.g. https://tile.example/{z}/{x}/{y}.png; unset: the plain outline only. */
  MAP_TILES_URL: z.string().min(1).optional(),
  /** The zone the console shows times in. */
  SERVICE_TIME_ZONE: z.string().min(1).default('Asia/Seoul').refine(isTimeZone, 'an IANA time zone, e.g. Asia/Seoul'),
  /** The console's sign-in with AUTH_MODE=jwks: the identity provider (default AUTH_ISSUER) and its client id. */
  OIDC_AUTHORITY: url.optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_SCOPE: z.string().min(1).default('openid profile'),
  /** Where the console's production build lives (npm run build:web). */
  WEB_DIST_DIR: z.string().min(1).default('web/dist'),
  /** Requests per window on command endpoints, per client IP and per authenticated subject; 0 = off. */
  RATE_LIMIT_WINDOW_MS: positiveMs.default(10_000),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(5_000),
  RATE_LIMIT_PER_SUBJECT: z.coerce.number().int().min(0).default(300),
}).superRefine((config, ctx) => {
  if (config.AUTH_MODE === 'jwks') {
    for (const key of ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE'] as const) {
      if (!config[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when AUTH_MODE=jwks' });
    }
  }
  if (config.NODE_ENV === 'production' && config.AUTH_MODE === 'dev') {
    ctx.addIssue({ code: 'custom', path: ['AUTH_MODE'], message: 'development tokens are refused in production: set AUTH_MODE=jwks with AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE' });
  }
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
  throw new ConfigError(`Invalid configuration:\n${problems}`);
};
