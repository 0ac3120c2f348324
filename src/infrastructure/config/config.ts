import { z } from 'zod';
import { isKnownTimeZone } from '../../domain/shared/local-time.js';
import { LOCALES } from '../../domain/shared/locale.js';

const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().positive();
const url = z.string().url();

const MAPPED_ROLES = ['passenger', 'driver', 'operator', ''] as const;

/** `offline_access:,taxi-driver:driver` → { offline_access: '', 'taxi-driver': 'driver' }. */
const parseRoleMap = (value: string, ctx: z.RefinementCtx): Record<string, (typeof MAPPED_ROLES)[number]> => {
  const map: Record<string, (typeof MAPPED_ROLES)[number]> = {};
  for (const pair of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [from, to, ...rest] = pair.split(':');
    const role = MAPPED_ROLES.find((known) => known === to?.trim());
    if (!from || rest.length > 0 || role === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${pair}" is not provider-role:passenger|driver|operator (or provider-role: to ignore it)` });
      continue;
    }
    map[from.trim()] = role;
  }
  return map;
};

/**
 * Every setting comes from the environment and is validated at start: a bad value stops the
 * process with a message naming the variable, instead of failing later in the middle of a ride.
 */
/**
 * The only NODE_ENV values under which development tokens (anyone may mint an operator token) are
 * allowed. An allow-list, exact and lower-case: `production`, `PRODUCTION`, `prod`, `staging` or a
 * typo all count as production-like, so a mistake refuses to start instead of opening the door.
 */
const DEVELOPMENT_ENVIRONMENTS = ['development', 'test'];

const schema = z
  .object({
    ROLE: z.enum(['all', 'api', 'projector', 'workers']).default('all'),
    PORT: port.default(3000),
    /** When set, /metrics is served on this port only (for a scraper on a private network), not on PORT. */
    METRICS_PORT: port.optional(),
    /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: z.string().min(16).optional(),
    /** Loopback by default: the development token endpoint must not face a network. Containers set 0.0.0.0. */
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    EVENT_STORE_DURABILITY: z.enum(['normal', 'full']).default('normal'),
    EVENTSTORE_URL: url.optional(),
    MONGO_URL: url.optional(),
    MONGO_DB: z.string().min(1).default('taxi'),
    PAYMENT_GATEWAY_URL: url.optional(),
    /** Time the finish request may spend charging before it falls back to "pay later". */
    PAYMENT_BUDGET_MS: positiveMs.default(1_500),
    /**
     * The gateway client: one attempt may take this long (card authorisations take seconds, not
     * milliseconds), attempts per call within the call's budget, and the breaker that opens after
     * this many consecutive failures and lets a probe through after the pause.
     */
    PAYMENT_GATEWAY_ATTEMPT_TIMEOUT_MS: positiveMs.default(4_000),
    PAYMENT_GATEWAY_MAX_ATTEMPTS: z.coerce.number().int().positive().default(3),
    PAYMENT_GATEWAY_BREAKER_FAILURES: z.coerce.number().int().positive().default(10),
    PAYMENT_GATEWAY_BREAKER_HALF_OPEN_MS: positiveMs.default(30_000),
    NOTIFY_WEBHOOK_URL: url.optional(),
    /** Signs each webhook (Standard Webhooks: webhook-id, -timestamp, -signature); `whsec_` + base64, or any string. */
    NOTIFY_WEBHOOK_SECRET: z.string().min(8).optional(),
    /**
     * A SOLAPI (or CoolSMS) account for AlimTalk and SMS: all four set, messages go out through the
     * provider's SDK; otherwise a simulator of its API runs in process and nothing leaves the machine.
     */
    SOLAPI_API_KEY: z.string().min(1).optional(),
    SOLAPI_API_SECRET: z.string().min(1).optional(),
    /** Another endpoint speaking SOLAPI's API (a simulator run apart, docker-compose, tests); the SDK speaks only to SOLAPI. */
    SOLAPI_BASE_URL: url.optional(),
    /** The sender number registered with the provider (발신번호). */
    SOLAPI_SENDER: z.string().min(1).optional(),
    /** The KakaoTalk channel's profile id the AlimTalk templates are registered under. */
    SOLAPI_PF_ID: z.string().min(1).optional(),
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
    /**
     * A cancelled ride's payment is voided only when the gateway, asked this long after the void
     * was requested, holds no charge of it. Unset: the longest charge budget plus a second, so a
     * charge sent before the void has reached the gateway by then.
     */
    PAYMENT_VOID_SETTLE_MS: positiveMs.optional(),
    /** Webhook attempts per notification before it is parked as a dead letter. */
    NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().positive().default(3),
    NOTIFY_TIMEOUT_MS: positiveMs.default(2_000),
    /** How often parked notifications are offered to the webhook again. */
    NOTIFY_DEAD_LETTER_RETRY_MS: positiveMs.default(10_000),
    /** Notifications in flight at most, past the oldest not yet told (one call's always in order). */
    NOTIFY_CONCURRENCY: z.coerce.number().int().positive().default(64),
    /** A driver reserved by an accept that never reached the dispatch is released after this long. */
    DRIVER_RESERVATION_TIMEOUT_MS: positiveMs.default(10_000),
    /** A worker replica that stops renewing its lease is replaced by another after at most this long. */
    WORKER_LEASE_TTL_MS: positiveMs.default(10_000),
    /** How long a query with `minPosition` may wait for the read model to catch up. */
    READ_WAIT_MAX_MS: positiveMs.default(2_000),
    /** How long a query without `minPosition` waits for the log's head (read-your-writes by default). */
    READ_WAIT_IMPLICIT_MS: positiveMs.default(500),
    /** Auto-dispatch: offer each new call to the nearest free driver, one after another (`on` / `off`). */
    AUTO_DISPATCH: z
      .enum(['on', 'off', 'true', 'false', '1', '0'])
      .default('on')
      .transform((value) => ['on', 'true', '1'].includes(value)),
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
    /** A driver online but silent (no ping) for longer than this is AWAY: never offered a call nor counted as a free taxi. */
    DRIVER_STALE_AFTER_MS: positiveMs.default(30_000),
    /** A DISPATCHED call without arrival or start, or a ride far past its estimate, needs an operator after this long. */
    STUCK_AFTER_MS: positiveMs.default(600_000),
    /** How near the pickup (metres) a driver must be to say they arrived. */
    ARRIVE_WITHIN_M: z.coerce.number().positive().default(200),
    /** Keys the passenger ids of phone bookings (HMAC of the number); the same on every replica. Unset: a key kept in DATA_DIR. */
    PHONE_ID_KEY: z.string().min(16).optional(),
    /**
     * Driver channel: messages per second a driver may send sustained, and at once; excess is dropped.
     * The burst covers five seconds: a server that stalls reads a driver's pings in a clump.
     */
    CHANNEL_PINGS_PER_SECOND: z.coerce.number().positive().default(10),
    CHANNEL_PING_BURST: z.coerce.number().int().positive().default(50),
    /** Driver channel: how long a channel without a token in its header has to send `{"type":"auth"}`. */
    CHANNEL_AUTH_TIMEOUT_MS: positiveMs.default(5_000),
    /**
     * Driver channel: how many this process holds open at most; more are refused with 503 and
     * Retry-After. 0: the open-file limit (`ulimit -n`) less 1,024 descriptors kept for HTTP and files.
     */
    CHANNEL_MAX_OPEN: z.coerce.number().int().min(0).default(0),
    /** How often drivers who moved are folded into a fresh KD-tree. */
    GEO_REBUILD_INTERVAL_MS: positiveMs.default(1_000),
    /**
     * Where position pings live: `memory` (this process only), `shared` (MongoDB with MONGO_URL, else
     * DATA_DIR/driver-positions.db), or `auto`: memory for ROLE=all without MONGO_URL, shared otherwise.
     */
    DRIVER_POSITIONS: z.enum(['auto', 'memory', 'shared']).default('auto'),
    /** With shared positions: how often the index auto-dispatch searches reads the pings saved since. */
    DRIVER_POSITIONS_REFRESH_MS: positiveMs.default(1_000),
    /** The language people are told in when neither they nor their browser chose one: Korean in Seoul. */
    SERVICE_LOCALE: z.enum(LOCALES).default('ko'),
    /** The zone of the service's local time: night surcharges, daily reports. */
    SERVICE_TIME_ZONE: z.string().min(1).default('Asia/Seoul').refine(isKnownTimeZone, 'an IANA time zone, e.g. Asia/Seoul'),
    /** How long drivers' positions are kept for measuring rides (a ride longer than this is measured in a straight line). */
    RIDE_TRACK_RETENTION_MS: positiveMs.default(21_600_000),
    /** Comment lines on Server-Sent Event streams keep idle connections open through proxies. */
    SSE_HEARTBEAT_MS: positiveMs.default(15_000),
    /** The operator's live stream: changes within this window reach the page as one message. */
    OPERATOR_FEED_COALESCE_MS: positiveMs.default(2_000),
    /** The operator's live stream: how often it looks for taxis that moved (pings are not events). */
    OPERATOR_FEED_POSITIONS_MS: positiveMs.default(5_000),
    /** How long a stream ticket (POST /api/stream-tickets) may wait to be used; it is good once. */
    STREAM_TICKET_TTL_MS: positiveMs.default(30_000),
    SHUTDOWN_GRACE_MS: positiveMs.default(10_000),
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/)
      .default('16kb'),
    /**
     * A client must send its request headers within this long, and its whole request within the
     * next; slow clients (slowloris) are cut then instead of after Node's 300 s.
     */
    HTTP_HEADERS_TIMEOUT_MS: positiveMs.default(5_000),
    HTTP_REQUEST_TIMEOUT_MS: positiveMs.default(15_000),
    /**
     * Proxies whose X-Forwarded-For is believed (express `trust proxy`): `none` (the default: the
     * client is the socket's peer), a hop count, or addresses / CIDRs / express names such as
     * `loopback`, comma-separated. Set it to the ingress or load balancer in front of the API only.
     */
    TRUST_PROXY: z
      .string()
      .trim()
      .default('none')
      .transform((value): false | number | string[] => {
        if (value === '' || value === 'none' || value === 'false') return false;
        if (/^\d+$/.test(value)) return Number(value);
        return value
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry.length > 0);
      }),
    NODE_ENV: z.string().default('development'),
    /** `dev`: a local signing key and POST /api/dev/tokens; `jwks`: an identity provider's keys. */
    AUTH_MODE: z.enum(['dev', 'jwks']).default('dev'),
    /** Where the development signing key is kept; replicas that share it accept each other's tokens. */
    AUTH_DEV_KEY_FILE: z.string().min(1).optional(),
    AUTH_JWKS_URL: url.optional(),
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),
    /** Where the role is in a token: a dotted path (`realm_access.roles`) to a string or an array. Unset: `role`, else `roles`. */
    AUTH_ROLES_CLAIM: z
      .string()
      .regex(/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/, 'a dotted claim path, e.g. realm_access.roles')
      .optional(),
    /** Provider role → passenger|driver|operator, comma-separated `from:to`; an empty `to` ignores the role. */
    AUTH_ROLE_MAP: z
      .string()
      .default('')
      .transform((value, ctx) => parseRoleMap(value, ctx)),
    /** Origins allowed by CORS, comma-separated (`*` = any); empty: same origin only. */
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      ),
    /** The web console's map tiles, e.g. https://tile.example/{z}/{x}/{y}.png; unset: the plain outline only. */
    MAP_TILES_URL: z.string().min(1).optional(),
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
    /** GET /api/taxis/nearby per subject per minute (0: no limit): enough for an app's map, too few to map the fleet. */
    NEARBY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(30),
    /** Notifications older than this are pruned from the notifications read model (the log keeps its events). */
    NOTIFICATION_RETENTION_DAYS: z.coerce.number().positive().default(90),
    /** How often the retention pass runs (in the projector role). */
    NOTIFICATION_RETENTION_INTERVAL_MS: positiveMs.default(3_600_000),
  })
  .superRefine((config, ctx) => {
    if (config.AUTH_MODE === 'jwks') {
      for (const key of ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE'] as const) {
        if (!config[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when AUTH_MODE=jwks' });
      }
    }
    if (config.AUTH_MODE === 'dev' && !DEVELOPMENT_ENVIRONMENTS.includes(config.NODE_ENV)) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_MODE'],
        message: `development tokens need NODE_ENV=development or test (it is "${config.NODE_ENV}"): set AUTH_MODE=jwks with AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE`,
      });
    }
    if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS) {
      ctx.addIssue({ code: 'custom', path: ['HTTP_HEADERS_TIMEOUT_MS'], message: 'must not exceed HTTP_REQUEST_TIMEOUT_MS' });
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
