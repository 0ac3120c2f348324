import type { Money } from '../../domain/driving/fare.js';
import type { LogEvent } from '../../domain/events.js';

const won = (money: Money) => `${money.amount.toLocaleString('en-US')} ${money.currency}`;

export type NotificationContent = { kind: string; status: string; message: string };

/** The messages that quote personal data, so a read model can say them again with the data erased. */
export const personalMessages = {
  CALL_REQUESTED: (destinationAddress: string) => `We are finding a taxi to ${destinationAddress}.`,
  CALL_DISPATCHED: (driverName: string, vehicleNo: string) => `${driverName} (${vehicleNo}) accepted your call and is on the way.`,
};

/**
 * What the passenger is told at each status change, or null for events that
 * are not a status change they care about. A repeated deferral is not news; the first one is.
 */
export const notificationFor = (event: LogEvent): NotificationContent | null => {
  switch (event.type) {
    case 'CallRequested':
      return { kind: 'CALL_REQUESTED', status: 'REQUESTED', message: personalMessages.CALL_REQUESTED(event.data.destination.address) };
    case 'DriverAccepted':
      return {
        kind: 'CALL_DISPATCHED',
        status: 'DISPATCHED',
        message: personalMessages.CALL_DISPATCHED(event.data.driverName, event.data.vehicleNo),
      };
    case 'RideStarted':
      return { kind: 'RIDE_STARTED', status: 'DRIVING', message: 'Your ride has started. Enjoy the trip.' };
    case 'RideFinished':
      return { kind: 'RIDE_FINISHED', status: 'FINISHED', message: `You have arrived. The fare is ${won(event.data.fare)}.` };
    case 'PaymentApproved':
      return { kind: 'PAYMENT_APPROVED', status: 'APPROVED', message: 'Your payment was approved. Thank you for riding with us.' };
    case 'PaymentDeferred':
      return event.data.attempt === 1
        ? { kind: 'PAYMENT_PENDING', status: 'PENDING', message: 'Payment is pending; we will charge your card shortly. No action is needed.' }
        : null;
    case 'PaymentFailed':
      return { kind: 'PAYMENT_FAILED', status: 'FAILED', message: 'We could not charge your card. Please update your payment method.' };
    case 'PaymentRefunded':
      return { kind: 'PAYMENT_REFUNDED', status: 'REFUNDED', message: 'Your payment was refunded.' };
    case 'PaymentVoided':
      return { kind: 'PAYMENT_VOIDED', status: 'VOIDED', message: 'Your ride was cancelled before we charged your card: you will not be charged.' };
    case 'PaymentWaived':
      return { kind: 'PAYMENT_WAIVED', status: 'WAIVED', message: 'Our customer centre waived the fare of this ride: you owe nothing for it.' };
    case 'CallCancelled':
      return {
        kind: 'CALL_CANCELLED',
        status: 'CANCELLED',
        message: event.data.cancelledBy === 'operator' ? 'Our customer centre cancelled your ride.' : 'Your call was cancelled.',
      };
    case 'CallExpired':
      return { kind: 'NO_DRIVER_FOUND', status: 'NO_DRIVER_FOUND', message: 'Sorry, no driver is available right now. Please try again.' };
    default:
      return null;
  }
};
