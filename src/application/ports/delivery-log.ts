import { type Token, token } from './token.js';
import type { Recipient } from './notifier.js';

/**
 * What became of each notification, for operators: `DELIVERED` on the channel it went out on
 * (`alimtalk`, `sms`, `lms`, `webhook`, `app` when the person reads them in the app only, `none`
 * for an erased person), or `FAILED` with the channel's reason (it is then a dead letter, offered
 * again). One entry per notification: a redelivery replaces it. No phone number is kept here.
 */
export type DeliveryStatus = 'DELIVERED' | 'FAILED';
export type Delivery = {
  notificationId: string;
  recipient: Recipient;
  callId: string;
  kind: string;
  channel: string;
  status: DeliveryStatus;
  reason: string | null;
  at: string;
};

export interface DeliveryLog {
  record(delivery: Delivery): Promise<void>;
  /** The latest ones first, of one status or one recipient when asked. */
  page(query: { status?: DeliveryStatus | undefined; recipient?: Recipient | undefined; limit: number }): Promise<Delivery[]>;
}

export const DELIVERY_LOG: Token<DeliveryLog> = token('DeliveryLog');
