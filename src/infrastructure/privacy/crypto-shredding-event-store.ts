import type { AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, RecordedEvent } from '../../application/ports/event-store.js';
import type { PersonalDataKeys } from '../../application/ports/personal-data-keys.js';
import { erasureOf } from '../../domain/privacy/erasure.js';
import { callStream } from '../../domain/call/call.js';
import { CALL_FREE_TEXT, erasedValue, personalDataOwner, subjectOf } from '../../domain/privacy/personal-data.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { DelegatingEventStore } from '../event-store/delegating-event-store.js';
import { ENVELOPE_FIELD, isEnvelope, open, seal } from './field-cipher.js';
import { PersonalKeysCache } from './personal-keys-cache.js';

export type CryptoShreddingOptions = {
  /** Subjects whose key (or the fact that they have none) is kept in memory. */
  cachedKeys?: number;
  /**
   * How long a key stays cached. Another process's erasure is seen at the latest this much later
   * (this process evicts at once when it reads the erasure event); read models are scrubbed by the
   * erasure event itself, so a late decryption only reaches a command's transient state.
   */
  keyTtlMs?: number;
};

/**
 * Crypto-shredding as a decorator of the event store, so deciders, process managers and
 * projections never see ciphertext. On append, the personal fields of an event (see PERSONAL_FIELDS)
 * are sealed with the owner's key into `_personal` and replaced in clear by their erased form; on
 * read they are opened again. Without the key (destroyed) the erased form is what every reader
 * gets, in a live projection, a rebuild or a raw read of the log. An event without `_personal`
 * (written before this existed, or of another type) reads as it was stored.
 */
export class CryptoShreddingEventStore extends DelegatingEventStore {
  private readonly keys: PersonalKeysCache;

  /** Given a cache, shares it (with the sealing read store), so an erasure seen here evicts for both. */
  constructor(inner: EventStore, keys: PersonalDataKeys | PersonalKeysCache, options: CryptoShreddingOptions = {}) {
    super(inner);
    this.keys = keys instanceof PersonalKeysCache ? keys : new PersonalKeysCache(keys, options);
  }

  override async appendToStream(streamName: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const sealed = await Promise.all(events.map((event) => this.sealed(event)));
    const result = await this.inner.appendToStream(streamName, sealed, expectedRevision);
    for (const event of events) this.forgetErased(event);
    return result;
  }

  override async readStream(streamName: string, options?: { fromRevision?: number }): Promise<RecordedEvent[]> {
    return this.opened(await this.inner.readStream(streamName, options));
  }

  override async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.opened(await this.inner.readAll(options));
  }

  private async sealed<E extends NewEvent>(event: E): Promise<E> {
    const freeText = CALL_FREE_TEXT[event.type];
    if (freeText) return this.sealedFreeText(event, freeText);
    const owner = personalDataOwner(event.type, event.data);
    if (!owner) return event;
    const data = event.data as Record<string, unknown>;
    const personal = Object.fromEntries(owner.spec.fields.filter((field) => field in data).map((field) => [field, data[field]]));
    const key = await this.key(owner.subject, 'create');
    // Only the person's own new commands write their personal data (a ride under way refuses the
    // erasure), so an erased passenger's new call or a removed driver's going online is refused:
    // stored erased, it would be a ride nobody could serve.
    if (!key) throw new DomainError('PERSON_ERASED', `This ${owner.spec.owner} was erased`, { [owner.spec.ownerField]: data[owner.spec.ownerField] });
    const erased = Object.fromEntries(Object.entries(personal).map(([field, value]) => [field, erasedValue(value)]));
    return { ...event, data: { ...data, ...erased, [ENVELOPE_FIELD]: seal(key, owner.subject, event.type, personal) } };
  }

  /**
   * A call's free text, sealed with its passenger's key (read from the call's request, which is
   * always written first). Never refused: an operator may cancel a finished ride of an erased
   * passenger (a refund); without a key the text is kept in its erased form only.
   */
  private async sealedFreeText<E extends NewEvent>(event: E, fields: readonly string[]): Promise<E> {
    const data = event.data as Record<string, unknown>;
    const present = fields.filter((field) => typeof data[field] === 'string');
    if (present.length === 0 || typeof data.callId !== 'string') return event;
    const [requested] = await this.inner.readStream(callStream(data.callId));
    if (requested?.type !== 'CallRequested') return event;
    const subject = subjectOf('passenger', requested.data.passengerId);
    const key = await this.key(subject, 'find');
    const personal = Object.fromEntries(present.map((field) => [field, data[field]]));
    const erased = Object.fromEntries(present.map((field) => [field, erasedValue(data[field])]));
    const envelope = key ? { [ENVELOPE_FIELD]: seal(key, subject, event.type, personal) } : {};
    return { ...event, data: { ...data, ...erased, ...envelope } };
  }

  private async opened(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const result: RecordedEvent[] = [];
    for (const event of events) {
      this.forgetErased(event);
      const { [ENVELOPE_FIELD]: envelope, ...rest } = event.data as Record<string, unknown>;
      if (!isEnvelope(envelope)) {
        result.push(event);
        continue;
      }
      const key = await this.key(envelope.subject, 'find');
      const fields = key ? open(key, event.type, envelope) : null;
      // A missing key (erased) or an envelope that does not open reads as the erased form stored in clear.
      // The same event with its personal fields put back (or left erased): the shape its type says.
      result.push({ ...event, data: fields ? { ...rest, ...fields } : rest } as RecordedEvent);
    }
    return result;
  }

  private key(subject: string, mode: 'create' | 'find'): Promise<Buffer | null> {
    return this.keys.key(subject, mode);
  }

  private forgetErased(event: { type: string; data: object }): void {
    const erasure = erasureOf(event);
    if (erasure) this.keys.forget(subjectOf(erasure.kind, erasure.personId));
  }
}
