import { CommandHandler } from '../../application/command-handler.js';
import { exponentialRetryDelay, settleWithin } from '../../application/payment/charge-payment.js';
import { CLOCK } from '../../application/ports/clock.js';
import { DRIVER_POSITIONS } from '../../application/ports/driver-positions.js';
import { EVENT_STORE } from '../../application/ports/event-store.js';
import { PAYMENT_GATEWAY } from '../../application/ports/payment-gateway.js';
import type { Config } from '../config/config.js';
import { TOKENS } from '../tokens.js';
import { resolve, compositionModule } from './binding.js';

/** What the use cases (deps, input, caller) are given: one command handler, the clock, the gateway. */
export const useCaseModule = (config: Config) =>
  compositionModule((bind) => {
    bind(TOKENS.CommandHandler).toDynamicValue((ctx) => new CommandHandler(resolve(ctx, EVENT_STORE)));
    // Going online also saves its position with the pings (through the index), for the call list.
    bind(TOKENS.DriverDependencies).toDynamicValue((ctx) => ({
      commands: resolve(ctx, TOKENS.CommandHandler),
      clock: resolve(ctx, CLOCK),
      lastPositions: { positions: resolve(ctx, DRIVER_POSITIONS), logger: resolve(ctx, TOKENS.Logger) },
    }));
    bind(TOKENS.RideDependencies).toDynamicValue((ctx) => ({
      commands: resolve(ctx, TOKENS.CommandHandler),
      clock: resolve(ctx, CLOCK),
    }));
    bind(TOKENS.ChargePaymentDependencies).toDynamicValue((ctx) => {
      const metrics = resolve(ctx, TOKENS.Metrics);
      return {
        commands: resolve(ctx, TOKENS.CommandHandler),
        clock: resolve(ctx, CLOCK),
        gateway: resolve(ctx, PAYMENT_GATEWAY),
        retryDelayMs: exponentialRetryDelay(config.PAYMENT_RETRY_BASE_MS, config.PAYMENT_RETRY_MAX_DELAY_MS),
        onOutcome: (outcome) => metrics.countPayment(outcome),
      };
    });
    bind(TOKENS.SettlePayment).toDynamicValue((ctx) => settleWithin(resolve(ctx, TOKENS.ChargePaymentDependencies), config.PAYMENT_BUDGET_MS));
  });
