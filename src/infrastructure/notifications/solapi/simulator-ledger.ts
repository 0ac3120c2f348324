import type { SolapiMessage } from './solapi-message.js';

/** A message the simulator accepted, and how often the same notification was sent again. */
export type LedgerEntry = SolapiMessage & { messageId: string; acceptedAt: string; repeats: number };

/**
 * The messages accepted, one per notification id (the dedupe key the service sends in
 * `customFields`): a redelivery of a notification already accepted is counted as a repeat and
 * not sent again, so a test sees both that it was retried and that the person got it once.
 */
export class SimulatorLedger {
  private readonly entries = new Map<string, LedgerEntry>();
  private sequence = 0;

  /** The entry of this message: the earlier one for a repeat (`repeated`), else a new one. */
  accept(message: SolapiMessage, now: Date): { entry: LedgerEntry; repeated: boolean } {
    const key = message.customFields?.notificationId;
    const earlier = key ? this.entries.get(key) : undefined;
    if (earlier) {
      earlier.repeats += 1;
      return { entry: earlier, repeated: true };
    }
    this.sequence += 1;
    const entry = { ...message, messageId: `M4V${String(this.sequence).padStart(13, '0')}`, acceptedAt: now.toISOString(), repeats: 0 };
    this.entries.set(key ?? entry.messageId, entry);
    return { entry, repeated: false };
  }

  list(): LedgerEntry[] {
    return [...this.entries.values()];
  }

  clear(): void {
    this.entries.clear();
  }
}
