import { callStream } from '../../domain/call/call.js';
import { dispatchStream } from '../../domain/dispatch/dispatch.js';
import { drivingStream } from '../../domain/driving/driving.js';
import { paymentIdFor, paymentStream } from '../../domain/payment/payment.js';
import { erasureStream, type PersonKind } from '../../domain/privacy/erasure.js';
import { ERASED, erasedValue, PERSONAL_FIELDS } from '../../domain/privacy/personal-data.js';
import type { ActorRole } from '../../domain/shared/actor.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';

export type HistoryEntry = {
  position: number;
  stream: string;
  type: string;
  at: string;
  actor: { role: ActorRole; id: string };
  data: object;
};

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
 * An event as the history shows it once people in it were erased: their ids read as ERASED, and
 * their personal fields in the erased form — which the crypto-shredding store already gives once
 * the key is gone; done here again so another process's key cache (60 s) cannot show them.
 */
const masked = (event: RecordedEvent, erased: Set<string>): Pick<HistoryEntry, 'actor' | 'data'> => {
  const { role, id } = event.metadata.actor;
  const actor = { role, id: (role === 'passenger' || role === 'driver') && erased.has(personOf(role, id)) ? ERASED : id };
  if (erased.size === 0) return { actor, data: event.data };
  const data: Record<string, unknown> = { ...(event.data as Record<string, unknown>) };
  for (const [field, kind] of Object.entries(PERSON_ID_FIELDS)) {
    const value = data[field];
    if (typeof value === 'string' && erased.has(personOf(kind, value))) data[field] = ERASED;
  }
  const spec = PERSONAL_FIELDS[event.type];
  const owner = spec && (event.data as Record<string, unknown>)[spec.ownerField];
  if (spec && typeof owner === 'string' && erased.has(personOf(spec.owner, owner))) {
    for (const field of spec.fields) if (field in data) data[field] = erasedValue(data[field]);
  }
  return { actor, data };
};

/**
 * The audit trail of one call, read from the event log itself rather than from a read model: every
 * stream the call's id names (call, dispatch, driving, payment), merged in log order. Each stream
 * is short (a handful of events), so four stream reads answer it, plus one per person it names to
 * learn whether they were erased: an erased person's id never shows, in the actor or in the data.
 */
export const callHistory = async (eventStore: Pick<EventStore, 'readStream'>, callId: string): Promise<HistoryEntry[]> => {
  const streams = [callStream(callId), dispatchStream(callId), drivingStream(callId), paymentStream(paymentIdFor(callId))];
  const events = (await Promise.all(streams.map((stream) => eventStore.readStream(stream)))).flat();
  if (events.length === 0 || !events.some((event) => event.streamName === streams[0])) {
    throw new DomainError('CALL_NOT_FOUND', `Call ${callId} does not exist`, { callId });
  }
  const erased = await erasedAmong(eventStore, new Set(events.flatMap(peopleOf)));
  // The passenger's erasure also scrubs the call's free-text cancel reasons, as the dashboard does.
  const passengerId = (events.find((event) => event.type === 'CallRequested')?.data as { passengerId?: string } | undefined)?.passengerId;
  const passengerErased = typeof passengerId === 'string' && erased.has(personOf('passenger', passengerId));
  return events
    .sort((a, b) => a.position - b.position)
    .map((event) => {
      const { actor, data } = masked(event, erased);
      const reason = (data as { reason?: unknown }).reason;
      const scrubbed = passengerErased && CANCEL_EVENTS.has(event.type) && typeof reason === 'string' ? { ...data, reason: ERASED } : data;
      return { position: event.position, stream: event.streamName, type: event.type, at: event.metadata.timestamp, actor, data: scrubbed };
    });
};
