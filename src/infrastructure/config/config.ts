import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().positive();
const url = z.string().url();

/**
 * Every setting comes from the environment and is validated at start: a bad value stops the
 * process with a message naming the variable, instead of failing later in the middle of a ride.
 */
const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EVENT_STORE_DURABILITY: z.enum(['normal', 'full']).default('normal'),
  EVENTSTORE_URL: url.optional(),
  MONGO_URL: url.optional(),
  MONGO_DB: z.string().min(1).default('taxi'),
  PAYMENT_GATEWAY_URL: url.optional(),
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
