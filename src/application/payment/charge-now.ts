import { paymentDecider, paymentStream } from '../../domain/payment/payment.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { type Caller, contextFor } from '../context.js';
import type { SettlePayment } from '../driving/finish-ride.js';
import type { RideDependencies } from '../ride-dependencies.js';

/**
 * An operator charges a pending payment now, through the same settlement as a finish. The call it
 * belongs to is read from the payment's own stream, not the payments read model: a payment
 * recorded a moment ago is found even while the projector is behind.
 */
export const chargeNow = async (deps: RideDependencies & { settlePayment: SettlePayment }, paymentId: string, caller: Caller) => {
  const { state } = await deps.commands.load(paymentDecider, paymentStream(paymentId));
  if (state.status === 'none') throw new DomainError('PAYMENT_NOT_FOUND', `Payment ${paymentId} does not exist`, { paymentId });
  const status = await deps.settlePayment(paymentId, contextFor(caller, state.charge.callId, deps.clock.now()));
  return { paymentId, status };
};
