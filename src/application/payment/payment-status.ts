import { paymentDecider, paymentStatusOf, paymentStream, type PaymentStatus } from '../../domain/payment/payment.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import type { CommandHandler } from '../command-handler.js';

/** Where a payment stands on the write side. */
export const paymentStatus = async (commands: CommandHandler, paymentId: string): Promise<PaymentStatus> => {
  const { state } = await commands.load(paymentDecider, paymentStream(paymentId));
  const status = paymentStatusOf(state);
  if (!status) throw new DomainError('PAYMENT_NOT_FOUND', `Payment ${paymentId} does not exist`, { paymentId });
  return status;
};
