import { pino } from 'pino';
import { z } from 'zod';
import { startPaymentGatewaySimulator } from './simulator.js';

/**
 * Runs the payment gateway simulator as its own process (docker-compose, load tests):
 * `tsx src/infrastructure/payment-gateway/simulator-main.ts`. Faults start from the environment
 * and can be changed at runtime with `PUT /admin/faults`.
 */
const rate = z.coerce.number().min(0).max(1);
const ms = z.coerce.number().int().min(0);
const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GATEWAY_ERROR_RATE: rate.default(0),
  GATEWAY_LATENCY_MS: ms.default(0),
  GATEWAY_LATENCY_SPIKE_MS: ms.default(0),
  GATEWAY_LATENCY_SPIKE_RATE: rate.default(0),
  GATEWAY_OUTAGE: flag.default(false),
  GATEWAY_DECLINE_RATE: rate.default(0),
  GATEWAY_CARD_LIMIT: z.coerce.number().int().positive().default(1_000_000),
  GATEWAY_MAX_KEYS: z.coerce.number().int().positive().default(200_000),
  /** Seeds the injected faults' dice for a repeatable run; unset, they are random. */
  GATEWAY_SEED: z.coerce.number().int().optional(),
});

const parsed = envSchema.safeParse(process.env);
if (!parsed.success) {
  // A misconfigured simulator should fail loudly at start, naming the variable.
  console.error(`Invalid payment gateway simulator configuration:\n${z.prettifyError(parsed.error)}`);
  process.exit(1);
}
const env = parsed.data;
const logger = pino({ level: env.LOG_LEVEL, base: { service: 'payment-gateway-simulator' } });

const simulator = await startPaymentGatewaySimulator({
  port: env.PORT,
  host: env.HOST,
  maxEntries: env.GATEWAY_MAX_KEYS,
  cardLimit: env.GATEWAY_CARD_LIMIT,
  ...(env.GATEWAY_SEED === undefined ? {} : { seed: env.GATEWAY_SEED }),
  logger,
  faults: {
    errorRate: env.GATEWAY_ERROR_RATE,
    latencyMs: env.GATEWAY_LATENCY_MS,
    latencySpikeMs: env.GATEWAY_LATENCY_SPIKE_MS,
    latencySpikeRate: env.GATEWAY_LATENCY_SPIKE_RATE,
    outage: env.GATEWAY_OUTAGE,
    declineRate: env.GATEWAY_DECLINE_RATE,
  },
});
logger.info({ url: simulator.url, port: env.PORT }, 'payment gateway simulator listening');

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, stats: simulator.stats() }, 'payment gateway simulator stopping');
  simulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'payment gateway simulator did not stop cleanly');
      process.exit(1);
    },
  );
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
