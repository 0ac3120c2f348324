import { paymentDecider, paymentIdFor, paymentStream } from '../../domain/payment/payment.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { send } from '../aggregates.js';
import { noteRidePayment } from '../passenger/note-ride-payment.js';
import { type Caller, contextFor } from '../context.js';
import type { SettlePayment } from '../driving/finish-ride.js';
import { type RideDependencies, stepOn } from '../ride-dependencies.js';

/**
 * The passenger pays a FAILED payment again: recorded first (PaymentRetried, with the gateway key
 * of this attempt), then charged within the request's budget like a finish. A second request
 * finds the payment no longer FAILED and is refused, so one retry is one charge; should this
 * request die after recording, the retry worker charges the same attempt with the same key.
 */
export const payAgain = async (deps: RideDependencies & { settlePayment: SettlePayment }, callId: string, caller: Caller) => {
  const { call, at, context } = await stepOn(deps, callId, caller);
  // An operator cancelled the ride: nothing is owed, and a charge would only be refunded.
  if (call.status === 'cancelled') throw new DomainError('CALL_ALREADY_CANCELLED', 'This ride was cancelled; nothing is owed', { callId });
  const paymentId = paymentIdFor(callId);
  await send(
    deps.commands,
    { aggregate: 'payment', id: paymentId, command: { type: 'RetryPayment', data: { paymentId, callId, retriedAt: at } } },
    context,
  );
  const status = await deps.settlePayment(paymentId, context);
  // Paid (or being paid) again: the passenger may request a ride at once.
  await noteRidePayment(deps.commands, paymentId, context);
  const { position } = await deps.commands.load(paymentDecider, paymentStream(paymentId));
  return { callId, paymentId, status, position };
};

/** An operator forgives a FAILED payment: the passenger owes nothing and may ride again at once (noted on their stream). */
export const waivePayment = async ({ commands, clock }: RideDependencies, paymentId: string, reason: string | null, caller: Caller) => {
  const { state } = await commands.load(paymentDecider, paymentStream(paymentId));
  if (state.status === 'none') throw new DomainError('PAYMENT_NOT_FOUND', `Payment ${paymentId} does not exist`, { paymentId });
  const { callId } = state.charge;
  const now = clock.now();
  const context = contextFor(caller, callId, now);
  const result = await send(
    commands,
    {
      aggregate: 'payment',
      id: paymentId,
      command: { type: 'WaivePayment', data: { paymentId, callId, waivedBy: caller.actor.id, reason, waivedAt: now.toISOString() } },
    },
    context,
  );
  await noteRidePayment(commands, paymentId, context);
  return { paymentId, callId, status: 'WAIVED' as const, position: result.position };
};
