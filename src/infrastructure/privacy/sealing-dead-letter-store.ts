import type { DeadLetter, DeadLetterKey, DeadLetterStore } from '../../application/ports/dead-letter-store.js';
import type { OutgoingNotification } from '../../application/ports/notifier.js';
import { ERASED, subjectOf } from '../../domain/privacy/personal-data.js';
import { isEnvelope, open, seal } from './field-cipher.js';
import type { PersonalKeysCache } from './personal-keys-cache.js';

/** A sealed message is kept in the message field itself, so the stores' schemas stay as they are. */
const SEALED_PREFIX = 'sealed:';
const PURPOSE = 'dead-letter';

/**
 * Undelivered notifications quote places and names: their text is kept sealed with the
 * recipient's key, and reads as ERASED once the recipient is erased (an operator replaying it
 * then sends nothing personal). A text for a recipient without a key is kept erased only.
 */
export class SealingDeadLetterStore implements DeadLetterStore {
  constructor(
    private readonly inner: DeadLetterStore,
    private readonly keys: PersonalKeysCache,
  ) {}

  async add(notification: OutgoingNotification, reason: string, at: string): Promise<void> {
    const subject = subjectOf(notification.recipient.role, notification.recipient.id);
    const key = await this.keys.key(subject, 'find');
    const message = key ? SEALED_PREFIX + JSON.stringify(seal(key, subject, PURPOSE, { message: notification.message })) : ERASED;
    return this.inner.add({ ...notification, message }, reason, at);
  }

  async oldest(limit: number): Promise<DeadLetter[]> {
    return this.openedAll(await this.inner.oldest(limit));
  }

  async page(limit: number, after?: DeadLetterKey): Promise<DeadLetter[]> {
    return this.openedAll(await this.inner.page(limit, after));
  }

  async get(notificationId: string): Promise<DeadLetter | null> {
    const letter = await this.inner.get(notificationId);
    return letter && this.opened(letter);
  }

  remove(notificationId: string): Promise<void> {
    return this.inner.remove(notificationId);
  }

  count(): Promise<number> {
    return this.inner.count();
  }

  private openedAll(letters: DeadLetter[]): Promise<DeadLetter[]> {
    return Promise.all(letters.map((letter) => this.opened(letter)));
  }

  private async opened(letter: DeadLetter): Promise<DeadLetter> {
    const { message } = letter.notification;
    if (!message.startsWith(SEALED_PREFIX)) return letter;
    let envelope: unknown;
    try {
      envelope = JSON.parse(message.slice(SEALED_PREFIX.length));
    } catch {
      envelope = null;
    }
    const key = isEnvelope(envelope) ? await this.keys.key(envelope.subject, 'find') : null;
    const fields = key && isEnvelope(envelope) ? open(key, PURPOSE, envelope) : null;
    const text = typeof fields?.message === 'string' ? fields.message : ERASED;
    return { ...letter, notification: { ...letter.notification, message: text } };
  }
}
