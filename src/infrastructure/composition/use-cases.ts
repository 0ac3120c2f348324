import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { CommandHandler } from '../../application/command-handler.js';
import type { DriverDependencies } from '../../application/driver/driver-service.js';
import { noteRidePayment } from '../../application/passenger/note-ride-payment.js';
import type { SettlePayment } from '../../application/driving/finish-ride.js';
import { type ChargePaymentDependencies, chargePayment, exponentialRetryDelay } from '../../application/payment/charge-payment.js';
import { CLOCK, type Clock } from '../../application/ports/clock.js';
import { DRIVER_POSITIONS, type DriverPositions } from '../../application/ports/driver-positions.js';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.js';
import { PAYMENT_GATEWAY, type PaymentGateway } from '../../application/ports/payment-gateway.js';
import type { RideDependencies } from '../../application/ride-dependencies.js';
import type { Config } from '../config/config.js';
import type { Metrics } from '../metrics/metrics.js';
import { TOKENS } from '../tokens.js';

/** What the use cases (deps, input, caller) are given: one command handler, the clock, the gateway. */
export const useCaseModule = (config: Config) =>
  new ContainerModule(({ bind }) => {
    bind<CommandHandler>(TOKENS.CommandHandler).toDynamicValue((ctx) => new CommandHandler(ctx.get<EventStore>(EVENT_STORE)));
    // Going online also saves its position with the pings (through the index), for the call list.
    bind<DriverDependencies>(TOKENS.DriverDependencies).toDynamicValue((ctx) => ({
      commands: ctx.get<CommandHandler>(TOKENS.CommandHandler),
      clock: ctx.get<Clock>(CLOCK),
      lastPositions: { positions: ctx.get<DriverPositions>(DRIVER_POSITIONS), logger: ctx.get<Logger>(TOKENS.Logger) },
    }));
    bind<RideDependencies>(TOKENS.RideDependencies).toDynamicValue((ctx) => ({
      commands: ctx.get<CommandHandler>(TOKENS.CommandHandler),
      clock: ctx.get<Clock>(CLOCK),
    }));
    bind<ChargePaymentDependencies>(TOKENS.ChargePaymentDependencies).toDynamicValue((ctx) => {
      const metrics = ctx.get<Metrics>(TOKENS.Metrics);
      return {
        commands: ctx.get<CommandHandler>(TOKENS.CommandHandler),
        clock: ctx.get<Clock>(CLOCK),
        gateway: ctx.get<PaymentGateway>(PAYMENT_GATEWAY),
        retryDelayMs: exponentialRetryDelay(config.PAYMENT_RETRY_BASE_MS, config.PAYMENT_RETRY_MAX_DELAY_MS),
        onOutcome: (outcome) => metrics.countPayment(outcome),
      };
    });
    bind<SettlePayment>(TOKENS.SettlePayment).toDynamicValue((ctx) => {
      const deps = ctx.get<ChargePaymentDependencies>(TOKENS.ChargePaymentDependencies);
      // A decline is noted on the passenger's stream before the answer, so their next request is
      // refused at once. Any other outcome settles nothing here: paying again notes its own
      // outcome, and the unpaid-rides process notes every payment event anyway.
      return async (paymentId, context) => {
        const status = await chargePayment(deps, paymentId, context, config.PAYMENT_BUDGET_MS);
        if (status === 'FAILED') await noteRidePayment(deps.commands, paymentId, context);
        return status;
      };
    });
  });
