import type { LogEvent } from '../../domain/events.js';
import { type PersonKind, erasureDecider, erasureOf, erasureStream } from '../../domain/privacy/erasure.js';
import { ERASED } from '../../domain/privacy/personal-data.js';
import { type Channel, type ContactPreferences, channelOf } from '../../domain/shared/contact-preferences.js';
import type { Locale } from '../../domain/shared/locale.js';
import type { CommandHandler } from '../command-handler.js';
import type { Recipient } from '../ports/notifier.js';
import { preferencesOf } from '../preferences/set-preferences.js';

/** Where a person's messages go; `erased`: nowhere, the person was forgotten. */
export type Contact = { erased: false; channel: Channel; phone: string | null; locale: Locale | null } | { erased: true };

const CHANGES_CONTACT = new Set(['PassengerPreferencesSet', 'PassengerContactRecorded', 'DriverPreferencesSet']);

/**
 * Each recipient's channel, number and language, read from their own stream (the write side, as
 * the command that set them wrote them) when first needed and kept until an event changes them:
 * the worker hands it every event it follows, so a change is seen before the next message. Bounded: past `capacity` the oldest entries are forgotten and read again when needed.
 */
export class ContactDirectory {
  private readonly contacts = new Map<string, Contact>();

  constructor(
    private readonly commands: CommandHandler,
    private readonly capacity = 50_000,
  ) {}

  learn(event: LogEvent): void {
    const erased = erasureOf(event);
    if (erased) this.contacts.delete(`${erased.kind}:${erased.personId}`);
    if (!CHANGES_CONTACT.has(event.type)) return;
    const data = event.data as { passengerId?: string; driverId?: string };
    if (data.passengerId) this.contacts.delete(`passenger:${data.passengerId}`);
    if (data.driverId) this.contacts.delete(`driver:${data.driverId}`);
  }

  /**
   * The erasure is asked of its stream every time, not cached: an erasure by another replica (or
   * just now, before this worker followed it) stops the very next message.
   */
  async contactOf(recipient: Recipient): Promise<Contact> {
    const key = `${recipient.role}:${recipient.id}`;
    const erasure = await this.commands.load(erasureDecider, erasureStream(recipient.role, recipient.id));
    if (erasure.state.status === 'erased') {
      this.contacts.delete(key);
      return { erased: true };
    }
    const known = this.contacts.get(key);
    if (known) return known;
    const contact = await this.read(recipient.role, recipient.id);
    this.contacts.set(key, contact);
    if (this.contacts.size > this.capacity) this.contacts.delete(this.contacts.keys().next().value!);
    return contact;
  }

  private async read(kind: PersonKind, personId: string): Promise<Contact> {
    const preferences = await preferencesOf(this.commands, kind, personId);
    // A shredded number reads as ERASED: as good as none, and the person is gone anyway.
    if (preferences?.phone === ERASED) return { erased: true };
    const stored: ContactPreferences = preferences ?? { locale: null, channel: null, phone: null };
    return { erased: false, channel: channelOf(stored), phone: stored.phone, locale: stored.locale };
  }
}
