import { type Token, token } from './token.js';

/** Who a notification is for: the passenger of the call, or a driver. */
export type Recipient = { role: 'passenger' | 'driver'; id: string };

/**
 * One message to one person. `notificationId` is the id of the event it reports, so every
 * redelivery (a retry, a replay after a crash, a second replica) carries the same id and the
 * receiving side can drop duplicates.
 */
export type OutgoingNotification = {
  notificationId: string;
  recipient: Recipient;
  callId: string;
  kind: string;
  status: string;
  message: string;
  createdAt: string;
  correlationId: string;
};

/**
 * `rejected`: the channel refused this message (a 4xx) — sending it again unchanged will not help.
 * `unavailable`: the channel is down, slow or overloaded — try again later.
 */
export type DeliveryOutcome = ({ kind: 'delivered' } | { kind: 'rejected'; reason: string } | { kind: 'unavailable'; reason: string }) & {
  /** How it went out, when a channel of the person's choice took it: `alimtalk`, `sms`, `lms`, `webhook`, or `none` (app only). */
  channel?: string;
};

/**
 * The messaging channel (push / webhook). Like the payment gateway port it never throws for
 * channel trouble: it retries within its own policy and then answers with an outcome.
 */
export interface Notifier {
  deliver(notification: OutgoingNotification): Promise<DeliveryOutcome>;
}

export const NOTIFIER: Token<Notifier> = token('Notifier');
