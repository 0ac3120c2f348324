import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().positive();
const url = z.string().url();

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
  /** How long a query with `minPosition` may wait for the read model to catch up. */
  READ_WAIT_MAX_MS: positiveMs.default(2_000),
  /** How long a query without `minPosition` waits for the log's head (read-your-writes by default). */
  READ_WAIT_IMPLICIT_MS: positiveMs.default(500),
  SHUTDOWN_GRACE_MS: positiveMs.default(10_000),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/).default('16kb'),
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
