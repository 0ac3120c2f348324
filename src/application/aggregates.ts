import { callDecider, callStream, type CallCommand, type CallEvent } from '../domain/call/call.js';
import { dispatchDecider, dispatchStream, type DispatchCommand, type DispatchEvent } from '../domain/dispatch/dispatch.js';
import { drivingDecider, drivingStream, type DrivingCommand, type DrivingEvent } from '../domain/driving/driving.js';
import { driverDecider, driverStream, type DriverCommand, type DriverEvent } from '../domain/driver/driver.js';
import { paymentDecider, paymentStream, type PaymentCommand, type PaymentEvent } from '../domain/payment/payment.js';
import { passengerDecider, passengerStream, type PassengerCommand, type PassengerEvent } from '../domain/passenger/passenger.js';
import { erasureDecider, erasureStream, type ErasureCommand, type ErasureEvent } from '../domain/privacy/erasure.js';
import { ratingDecider, ratingStream, type RatingCommand, type RatingEvent } from '../domain/rating/rating.js';
import { tariffDecider, tariffStream, type TariffCommand, type TariffEvent } from '../domain/tariff/tariff.js';
import type { CommandContext, CommandHandler, CommandResult } from './command-handler.js';

/**
 * A command addressed to one aggregate instance. Process managers return these; use cases and
 * workers send them with `send`, the one way a command reaches its decider and stream.
 */
export type RoutedCommand =
  | { aggregate: 'call'; id: string; command: CallCommand }
  | { aggregate: 'dispatch'; id: string; command: DispatchCommand }
  | { aggregate: 'driving'; id: string; command: DrivingCommand }
  | { aggregate: 'driver'; id: string; command: DriverCommand }
  | { aggregate: 'payment'; id: string; command: PaymentCommand }
  | { aggregate: 'tariff'; id: string; command: TariffCommand }
  | { aggregate: 'passenger'; id: string; command: PassengerCommand }
  | { aggregate: 'rating'; id: string; command: RatingCommand }
  /** `id` is the person's; the stream is the person's of that kind (the command says which). */
  | { aggregate: 'erasure'; id: string; command: ErasureCommand };

type EventsOf = {
  call: CallEvent;
  dispatch: DispatchEvent;
  driving: DrivingEvent;
  driver: DriverEvent;
  payment: PaymentEvent;
  tariff: TariffEvent;
  passenger: PassengerEvent;
  rating: RatingEvent;
  erasure: ErasureEvent;
};
export type SendResult<Routed extends RoutedCommand> = CommandResult<EventsOf[Routed['aggregate']]>;

export const send = <Routed extends RoutedCommand>(commands: CommandHandler, routed: Routed, context: CommandContext): Promise<SendResult<Routed>> =>
  // TypeScript cannot correlate the switch's branch with `Routed`; each branch returns that aggregate's result.
  route(commands, routed, context) as Promise<SendResult<Routed>>;

const route = (commands: CommandHandler, routed: RoutedCommand, context: CommandContext): Promise<CommandResult<EventsOf[keyof EventsOf]>> => {
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
    case 'tariff':
      return commands.handle(tariffDecider, tariffStream(routed.id), routed.command, context);
    case 'passenger':
      return commands.handle(passengerDecider, passengerStream(routed.id), routed.command, context);
    case 'rating':
      return commands.handle(ratingDecider, ratingStream(routed.id), routed.command, context);
    case 'erasure':
      return commands.handle(erasureDecider, erasureStream(routed.command.data.kind, routed.id), routed.command, context);
    default: {
      const exhaustive: never = routed;
      throw new Error(`Unknown aggregate in ${JSON.stringify(exhaustive)}`);
    }
  }
};
