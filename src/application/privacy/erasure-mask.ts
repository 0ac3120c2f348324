import { erasureOf, erasureStream, type PersonKind } from '../../domain/privacy/erasure.js';
import { ERASED, erasedValue, PERSONAL_FIELDS } from '../../domain/privacy/personal-data.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';

/** The fields of a ride's events that name a person, and which kind of person. */
const PERSON_ID_FIELDS: Readonly<Record<string, PersonKind>> = { passengerId: 'passenger', driverId: 'driver' };
/** Free text the dashboard also scrubs on the passenger's erasure (the writer may have quoted them). */
const CANCEL_EVENTS = new Set(['CallCancelled', 'DispatchCancelled']);

const personOf = (kind: PersonKind, id: string) => `${kind}:${id}`;

/** Every person an event names: in its data, and as its actor. */
const peopleOf = (event: RecordedEvent): string[] => {
  const data = event.data as Record<string, unknown>;
  const people = Object.entries(PERSON_ID_FIELDS).flatMap(([field, kind]) => (typeof data[field] === 'string' ? [personOf(kind, data[field])] : []));
  const { role, id } = event.metadata.actor;
  return role === 'passenger' || role === 'driver' ? [...people, personOf(role, id)] : people;
};

/** Which of these people were erased: their erasure stream holds the fact (the log, not a cache). */
const erasedAmong = async (eventStore: Pick<EventStore, 'readStream'>, people: Set<string>): Promise<Set<string>> => {
  const checked = await Promise.all(
    [...people].map(async (person) => {
      const [kind, ...rest] = person.split(':') as [PersonKind, ...string[]];
      return (await eventStore.readStream(erasureStream(kind, rest.join(':')))).length > 0 ? [person] : [];
    }),
  );
  return new Set(checked.flat());
};

/**
 * One call's events as anyone outside the write side may see them once people in them were
 * erased: their ids read as ERASED (in the data and as the actor), their personal fields in the
 * erased form — which the crypto-shredding store already gives once the key is gone; done here
 * again so another process's key cache (60 s) cannot show them — and, once the passenger is
 * erased, the call's free-text cancel reasons too, as the dashboard scrubs them. The call history
 * and the live call stream both read the log through it, so they show what the dashboard shows.
 */
export class ErasureMask {
  private constructor(
    private readonly erased: Set<string>,
    private passengerId: string | undefined,
  ) {}

  /** The mask for a call whose events (so far) are these: one stream read per person they name. */
  static async of(eventStore: Pick<EventStore, 'readStream'>, events: readonly RecordedEvent[]): Promise<ErasureMask> {
    const mask = new ErasureMask(await erasedAmong(eventStore, new Set(events.flatMap(peopleOf))), undefined);
    events.forEach((event) => mask.noteCaller(event));
    return mask;
  }

  /**
   * A live event of the log: an erasure of someone this call names is remembered (the mask applies
   * from then on); the call's own events are returned masked; null for an erasure or another call's event.
   */
  follow(event: RecordedEvent, callId: string): RecordedEvent | null {
    const erasure = erasureOf(event);
    if (erasure) {
      this.erased.add(personOf(erasure.kind, erasure.personId));
      return null;
    }
    return event.metadata.correlationId === callId ? this.masked(event) : null;
  }

  masked(event: RecordedEvent): RecordedEvent {
    this.noteCaller(event);
    if (this.erased.size === 0) return event;
    const { role, id } = event.metadata.actor;
    const actorErased = (role === 'passenger' || role === 'driver') && this.erased.has(personOf(role, id));
    const metadata = actorErased ? { ...event.metadata, actor: { role, id: ERASED } } : event.metadata;
    return { ...event, metadata, data: this.maskedData(event) } as RecordedEvent;
  }

  private maskedData(event: RecordedEvent): object {
    const data: Record<string, unknown> = { ...(event.data as Record<string, unknown>) };
    for (const [field, kind] of Object.entries(PERSON_ID_FIELDS)) {
      const value = data[field];
      if (typeof value === 'string' && this.erased.has(personOf(kind, value))) data[field] = ERASED;
    }
    const spec = PERSONAL_FIELDS[event.type];
    const owner = spec && (event.data as Record<string, unknown>)[spec.ownerField];
    if (spec && typeof owner === 'string' && this.erased.has(personOf(spec.owner, owner))) {
      for (const field of spec.fields) if (field in data) data[field] = erasedValue(data[field]);
    }
    const passengerErased = this.passengerId !== undefined && this.erased.has(personOf('passenger', this.passengerId));
    if (passengerErased && CANCEL_EVENTS.has(event.type) && typeof data.reason === 'string') data.reason = ERASED;
    return data;
  }

  private noteCaller(event: RecordedEvent): void {
    if (event.type === 'CallRequested' && this.passengerId === undefined) this.passengerId = event.data.passengerId;
  }
}
