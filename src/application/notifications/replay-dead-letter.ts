import { DomainError } from '../../domain/shared/domain-error.js';
import type { Clock } from '../ports/clock.js';
import type { DeadLetterStore } from '../ports/dead-letter-store.js';
import type { DeliveryLog } from '../ports/delivery-log.js';
import type { DeliveryOutcome, Notifier } from '../ports/notifier.js';
import { deliveryOf } from './delivery-record.js';

export type ReplayDependencies = { deadLetters: DeadLetterStore; notifier: Notifier; clock: Clock; deliveries?: DeliveryLog };

/**
 * Offers one parked notification to the channel now (an operator's "send again"). Delivered, it
 * leaves the store; refused again, it stays, with one more failure and the new reason. The
 * notification keeps its id, so a receiver that already had it drops the duplicate.
 */
export const replayDeadLetter = async (
  { deadLetters, notifier, clock, deliveries }: ReplayDependencies,
  notificationId: string,
): Promise<DeliveryOutcome> => {
  const letter = await deadLetters.get(notificationId);
  if (!letter) throw new DomainError('DEAD_LETTER_NOT_FOUND', `No undelivered notification ${notificationId}`, { notificationId });
  const outcome = await notifier.deliver(letter.notification);
  await deliveries?.record(deliveryOf(letter.notification, outcome, clock.now()));
  if (outcome.kind === 'delivered') await deadLetters.remove(notificationId);
  else await deadLetters.add(letter.notification, outcome.reason, clock.now().toISOString());
  return outcome;
};
