import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { DocumentChange, Filter, FindOptions, ProjectionCommit, ReadDocument, ReadStore } from '../../application/ports/read-store.js';
import type { PersonKind } from '../../domain/privacy/erasure.js';
import { ERASED, erasedValue, subjectOf } from '../../domain/privacy/personal-data.js';
import { DelegatingReadStore } from '../read-store/delegating-read-store.js';
import { isEnvelope, open, type PersonalEnvelope, seal } from './field-cipher.js';
import type { PersonalKeysCache } from './personal-keys-cache.js';

/** Top-level fields of a collection's documents that are one person's data, and the field naming them. */
export type PersonalDocumentFields = { kind: PersonKind; ownerField: string; fields: readonly string[] };
export type PersonalCollections = Readonly<Record<string, readonly PersonalDocumentFields[]>>;

/** Where a document keeps its sealed fields: one envelope per kind of person. */
const SEALED = 'sealed_personal';
/** A rebuild writes `<collection>_rebuild` and swaps it in: the same documents, the same fields. */
const baseCollection = (collection: string) => collection.replace(/_rebuild$/, '');

/**
 * Read models keep only sealed or erased personal values, so nothing a person could be found by
 * is on disk in clear — not in a free page, a WAL, a backup or a MongoDB data file. On write, the
 * personal fields of a document (declared by its read model) are sealed with the owner's key into
 * `sealed_personal` and written in their erased form; on read they are opened again. Once the key
 * is destroyed, every copy of the document reads erased at once, before the read model has even
 * applied the erasure; a document written for an owner without a key keeps the erased form only.
 */
export class SealingReadStore extends DelegatingReadStore {
  constructor(
    inner: ReadStore,
    private readonly keys: PersonalKeysCache,
    private readonly personal: PersonalCollections,
  ) {
    super(inner);
  }

  private readonly lastSealed = new LRUCache<string, { digest: string; envelope: PersonalEnvelope }>({ max: 20_000 });

  override async get<T extends ReadDocument = ReadDocument>(collection: string, id: string): Promise<T | null> {
    const document = await this.inner.get<T>(collection, id);
    return document && ((await this.opened(collection, document)) as T);
  }

  override async find<T extends ReadDocument = ReadDocument>(collection: string, filter: Filter, options?: FindOptions): Promise<T[]> {
    const documents = await this.inner.find<T>(collection, filter, options);
    return Promise.all(documents.map(async (document) => (await this.opened(collection, document)) as T));
  }

  override async commit(projection: string, changes: readonly DocumentChange[], checkpoint: number): Promise<void> {
    return this.inner.commit(projection, await this.sealedChanges(changes), checkpoint);
  }

  override async commitAll(commits: readonly ProjectionCommit[]): Promise<void> {
    const sealed = await Promise.all(commits.map(async (commit) => ({ ...commit, changes: await this.sealedChanges(commit.changes) })));
    return this.inner.commitAll(sealed);
  }

  private sealedChanges(changes: readonly DocumentChange[]): Promise<DocumentChange[]> {
    return Promise.all(
      changes.map(async (change) =>
        change.kind === 'upsert' && this.personal[baseCollection(change.collection)]
          ? { ...change, document: await this.sealed(change.collection, change.document) }
          : change,
      ),
    );
  }

  private async sealed(collection: string, document: ReadDocument): Promise<ReadDocument> {
    const result: Record<string, unknown> = { ...document };
    const envelopes: Record<string, unknown> = {};
    for (const { kind, ownerField, fields } of this.personal[baseCollection(collection)] ?? []) {
      const present = fields.filter((field) => field in document && document[field] !== null);
      if (present.length === 0) continue;
      for (const field of present) result[field] = erasedValue(document[field]);
      const owner = document[ownerField];
      const key = typeof owner === 'string' && owner !== ERASED ? await this.keys.key(subjectOf(kind, owner), 'find') : null;
      if (!key) continue;
      const subject = subjectOf(kind, owner as string);
      envelopes[kind] = this.envelopeOf(
        key,
        subject,
        `${baseCollection(collection)}|${document.id}`,
        Object.fromEntries(present.map((field) => [field, document[field]])),
      );
    }
    if (Object.keys(envelopes).length > 0) result[SEALED] = envelopes;
    return result as ReadDocument;
  }

  /**
   * Most writes of a document change its status, not its places: the envelope written last for
   * the same document, person and values is written again instead of sealing anew (a cipher setup
   * per write was most of a rebuild's cost). Only a digest of the values is kept in memory.
   */
  private envelopeOf(key: Buffer, subject: string, documentKey: string, personal: Record<string, unknown>): PersonalEnvelope {
    const digest = createHash('sha256').update(subject).update(JSON.stringify(personal)).digest('base64');
    const last = this.lastSealed.get(documentKey);
    if (last?.digest === digest) return last.envelope;
    const envelope = seal(key, subject, documentKey.split('|')[0]!, personal);
    this.lastSealed.set(documentKey, { digest, envelope });
    return envelope;
  }

  private async opened(collection: string, document: ReadDocument): Promise<ReadDocument> {
    const { [SEALED]: envelopes, ...rest } = document;
    if (typeof envelopes !== 'object' || envelopes === null) return document;
    const result: Record<string, unknown> = rest;
    for (const envelope of Object.values(envelopes)) {
      if (!isEnvelope(envelope)) continue;
      const key = await this.keys.key(envelope.subject, 'find');
      // Without the key (erased) the erased form written beside the envelope is what is read.
      const fields = key ? open(key, baseCollection(collection), envelope) : null;
      if (fields) Object.assign(result, fields);
    }
    return result as ReadDocument;
  }
}
