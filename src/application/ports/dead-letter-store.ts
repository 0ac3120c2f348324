import { type Token, token } from './token.js';
import type { OutgoingNotification } from './notifier.js';

/** A notification the channel did not take, kept until a later delivery succeeds. */
export type DeadLetter = {
  notification: OutgoingNotification;
  reason: string;
  /** Delivery rounds that failed (each round is itself several attempts by the notifier). */
  failures: number;
  firstFailedAt: string;
  lastFailedAt: string;
};

export type DeadLetterKey = { firstFailedAt: string; notificationId: string };

/** Durable parking for undelivered notifications; keyed by notification id, so adding twice keeps one. */
export interface DeadLetterStore {
  /** Records a failed round: inserts the letter, or counts one more failure for a known one. */
  add(notification: OutgoingNotification, reason: string, at: string): Promise<void>;
  /** Oldest first (by first failure). */
  oldest(limit: number): Promise<DeadLetter[]>;
  /**
   * A page of letters oldest first — by first failure, then notification id — after `after` (the
   * last letter of the previous page), for operators' lists.
   */
  page(limit: number, after?: DeadLetterKey): Promise<DeadLetter[]>;
  get(notificationId: string): Promise<DeadLetter | null>;
  remove(notificationId: string): Promise<void>;
  count(): Promise<number>;
}

export const DEAD_LETTER_STORE: Token<DeadLetterStore> = token('DeadLetterStore');
