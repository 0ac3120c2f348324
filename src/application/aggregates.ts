import { callDecider, callStream, type CallCommand } from '../domain/call/call.js';
import { dispatchDecider, dispatchStream, type DispatchCommand } from '../domain/dispatch/dispatch.js';
import { drivingDecider, drivingStream, type DrivingCommand } from '../domain/driving/driving.js';
import { driverDecider, driverStream, type DriverCommand } from '../domain/driver/driver.js';
import { paymentDecider, paymentStream, type PaymentCommand } from '../domain/payment/payment.js';
import type { CommandContext, CommandHandler } from './command-handler.js';

/**
 * A command addressed to one aggregate instance. Process managers return these; use cases and
 * saga workers send them through the same generic handler.
 */
export type RoutedCommand =
  | { aggregate: 'call'; id: string; command: CallCommand }
  | { aggregate: 'dispatch'; id: string; command: DispatchCommand }
  | { aggregate: 'driving'; id: string; command: DrivingCommand }
  | { aggregate: 'driver'; id: string; command: DriverCommand }
  | { aggregate: 'payment'; id: string; command: PaymentCommand };

export const send = (commands: CommandHandler, routed: RoutedCommand, context: CommandContext) => {
  switch (routed.aggregate) {
    case 'call':
      return commands.handle(callDecider, callStream(routed.id), routed.command, context);
    case 'dispatch':
      return commands.handle(dispatchDecider, dispatchStream(routed.id), routed.command, context);
    case 'driving':
      return commands.handle(drivingDecider, drivingStream(routed.id), routed.command, context);
    case 'driver':
      return commands.handle(driverDecider, driverStream(routed.id), routed.command, context);
    case 'payment':
      return commands.handle(paymentDecider, paymentStream(routed.id), routed.command, context);
    default: {
      const exhaustive: never = routed;
      throw new Error(`Unknown aggregate in ${JSON.stringify(exhaustive)}`);
    }
  }
};
