import type { DomainEvent } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import type { PaymentStatus } from '../payment/payment.js';

/**
 * What the passenger owes: a ride whose payment FAILED, until it is paid again, waived, or the
 * ride is cancelled by an operator. Kept on the passenger's stream, so a request decides against it
 * in the same append that claims the passenger's one open call, never against a read model.
 *
 * The facts come from the payment and call streams (a process manager, and the use cases that
 * settle a payment inline). Each note carries `seen`: the payment stream's revision plus the call
 * stream's. Both only grow, so a later look at them has a larger sum; a note older than the one
 * already recorded for that ride is stale (delivered late) and changes nothing.
 */
export type RideLeftUnpaid = DomainEvent<'RideLeftUnpaid', { passengerId: string; callId: string; paymentId: string; seen: number; at: string }>;
export type UnpaidRideSettled = DomainEvent<
  'UnpaidRideSettled',
  { passengerId: string; callId: string; paymentId: string; settledAs: Settlement; seen: number; at: string }
>;
export type UnpaidRideEvent = RideLeftUnpaid | UnpaidRideSettled;

/** How a ride stopped being owed: its payment's status now (PENDING: being paid again), or the operator's cancel. */
export type Settlement = Exclude<PaymentStatus, 'FAILED'> | 'CALL_CANCELLED';

export type NoteRidePayment = {
  type: 'NoteRidePayment';
  data: { passengerId: string; callId: string; paymentId: string; paymentStatus: PaymentStatus; callCancelled: boolean; seen: number; at: string };
};

/** Per ride that ever failed: whether it is owed now, and the revisions that said so. */
export type RidePayments = Record<string, { paymentId: string; owed: boolean; seen: number }>;

const settlementOf = ({ paymentStatus, callCancelled }: NoteRidePayment['data']): Settlement | null => {
  if (callCancelled) return 'CALL_CANCELLED';
  return paymentStatus === 'FAILED' ? null : paymentStatus;
};

export const decideRidePayment = (command: NoteRidePayment, rides: RidePayments): UnpaidRideEvent[] => {
  const { passengerId, callId, paymentId, seen, at } = command.data;
  const known = rides[callId];
  if (known && known.seen >= seen) return []; // a late note: a newer one was already recorded
  const settledAs = settlementOf(command.data);
  if (settledAs === null) return known?.owed ? [] : [{ type: 'RideLeftUnpaid', data: { passengerId, callId, paymentId, seen, at } }];
  return known?.owed ? [{ type: 'UnpaidRideSettled', data: { passengerId, callId, paymentId, settledAs, seen, at } }] : [];
};

export const evolveRidePayments = (rides: RidePayments, event: UnpaidRideEvent): RidePayments => {
  const { callId, paymentId, seen } = event.data;
  return { ...rides, [callId]: { paymentId, owed: event.type === 'RideLeftUnpaid', seen } };
};

/** Refuses a new call while a ride is owed; names the first such ride. */
export const refuseIfOwing = (rides: RidePayments) => {
  const owed = Object.entries(rides).find(([, ride]) => ride.owed);
  if (!owed) return;
  const [callId, { paymentId }] = owed;
  throw new DomainError('UNPAID_RIDE', `Ride ${callId} is not paid yet; pay it before requesting another`, { callId, paymentId });
};
