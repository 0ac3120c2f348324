import type { Delivery } from '../ports/delivery-log.js';
import type { DeliveryOutcome, OutgoingNotification } from '../ports/notifier.js';

/** The operators' record of one attempt's outcome; a notifier that names no channel used the webhook. */
export const deliveryOf = (notification: OutgoingNotification, outcome: DeliveryOutcome, at: Date): Delivery => {
  const { notificationId, recipient, callId, kind } = notification;
  const failed = outcome.kind !== 'delivered';
  return {
    ...{ notificationId, recipient, callId, kind },
    channel: outcome.channel ?? 'webhook',
    status: failed ? 'FAILED' : 'DELIVERED',
    reason: failed ? outcome.reason : null,
    at: at.toISOString(),
  };
};
