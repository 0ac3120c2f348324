import { callDecider, callStream } from '../domain/call/call.js';
import { dispatchDecider, dispatchStream } from '../domain/dispatch/dispatch.js';
import { drivingDecider, drivingStream } from '../domain/driving/driving.js';
import { driverDecider, driverStream } from '../domain/driver/driver.js';
import { paymentDecider, paymentStream } from '../domain/payment/payment.js';
import { passengerDecider, passengerStream } from '../domain/passenger/passenger.js';
import { type ErasureCommand, erasureDecider, erasureStream } from '../domain/privacy/erasure.js';
import { ratingDecider, ratingStream } from '../domain/rating/rating.js';
import { tariffDecider, tariffStream } from '../domain/tariff/tariff.js';
import type { Decider, DomainEvent } from '../domain/shared/decider.js';
import type { CommandContext, CommandHandler, CommandResult } from './command-handler.js';

/** Every aggregate: its decider, and the stream an instance's commands are decided on. */
const AGGREGATES = {
  call: { decider: callDecider, streamOf: callStream },
  dispatch: { decider: dispatchDecider, streamOf: dispatchStream },
  driving: { decider: drivingDecider, streamOf: drivingStream },
  driver: { decider: driverDecider, streamOf: driverStream },
  payment: { decider: paymentDecider, streamOf: paymentStream },
  tariff: { decider: tariffDecider, streamOf: tariffStream },
  passenger: { decider: passengerDecider, streamOf: passengerStream },
  rating: { decider: ratingDecider, streamOf: ratingStream },
  /** `id` is the person's; the stream is the person's of that kind (the command says which). */
  erasure: { decider: erasureDecider, streamOf: (id: string, command: ErasureCommand) => erasureStream(command.data.kind, id) },
};

export type AggregateName = keyof typeof AGGREGATES;
type DeciderOf<Name extends AggregateName> = (typeof AGGREGATES)[Name]['decider'];
type CommandOf<Name extends AggregateName> = Parameters<DeciderOf<Name>['decide']>[0];
type EventOf<Name extends AggregateName> = ReturnType<DeciderOf<Name>['decide']>[number] & DomainEvent;
type StateOf<Name extends AggregateName> = ReturnType<DeciderOf<Name>['initialState']>;

/**
 * The table seen through one generic entry type: indexing it with a generic name gives that
 * aggregate's decider and stream together, so `send` needs no switch and no cast.
 */
const aggregates: {
  [Name in AggregateName]: {
    decider: Decider<CommandOf<Name>, EventOf<Name>, StateOf<Name>>;
    streamOf: (id: string, command: CommandOf<Name>) => string;
  };
} = AGGREGATES;

/**
 * A command addressed to one aggregate instance. Process managers return these; use cases and
 * workers send them with `send`, the one way a command reaches its decider and stream.
 */
export type RoutedCommand<Name extends AggregateName = AggregateName> = {
  [Each in Name]: { aggregate: Each; id: string; command: CommandOf<Each> };
}[Name];

export const send = <Name extends AggregateName>(
  commands: CommandHandler,
  routed: RoutedCommand<Name>,
  context: CommandContext,
): Promise<CommandResult<EventOf<Name>>> => {
  const { decider, streamOf } = aggregates[routed.aggregate];
  return commands.handle(decider, streamOf(routed.id, routed.command), routed.command, context);
};
