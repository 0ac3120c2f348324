import { type Token, token } from './token.js';

/**
 * The per-person keys personal fields are encrypted with (crypto-shredding). A subject is
 * `passenger:<id>` or `driver:<id>`. Destroying a key is for good: the store keeps a tombstone,
 * so a late event about an erased person never gets a fresh key (and readable data) again.
 */
export interface PersonalDataKeys {
  /** The subject's 32-byte key, created on first use; null once the subject was erased. */
  keyFor(subject: string): Promise<Buffer | null>;
  /** The existing key, or null when there never was one or it was destroyed. */
  find(subject: string): Promise<Buffer | null>;
  /** Destroys the key and leaves the tombstone; destroying again is harmless. */
  destroy(subject: string, at: string): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const PERSONAL_DATA_KEYS: Token<PersonalDataKeys> = token('PersonalDataKeys');
