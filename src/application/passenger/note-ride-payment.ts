import { callDecider, callStream } from '../../domain/call/call.js';
import { paymentDecider, paymentStatusOf, paymentStream } from '../../domain/payment/payment.js';
import { send } from '../aggregates.js';
import type { CommandContext, CommandHandler } from '../command-handler.js';

/**
 * Tells the passenger's stream where a ride's payment stands now, read from the payment and call
 * streams (the write side). Idempotent: the passenger decider records only a change (left unpaid,
 * settled) and drops a note older than the one it has. The use cases that change a payment a
 * passenger waits on (a finish, paying again, a waiver, an operator's cancel) call it inline, so
 * their next request is decided on it at once; the unpaid-rides process calls it after every
 * payment event, so it holds even if that request died in between.
 */
export const noteRidePayment = async (commands: CommandHandler, paymentId: string, context: CommandContext): Promise<void> => {
  const payment = await commands.load(paymentDecider, paymentStream(paymentId));
  const paymentStatus = paymentStatusOf(payment.state);
  if (payment.state.status === 'none' || paymentStatus === null) return; // nothing charged, nothing owed
  const { passengerId, callId } = payment.state.charge;
  const call = await commands.load(callDecider, callStream(callId));
  await send(
    commands,
    {
      aggregate: 'passenger',
      id: passengerId,
      command: {
        type: 'NoteRidePayment',
        data: {
          passengerId,
          callId,
          paymentId,
          paymentStatus,
          callCancelled: call.state.status === 'cancelled',
          seen: payment.revision + call.revision,
          at: context.timestamp,
        },
      },
    },
    context,
  );
};
