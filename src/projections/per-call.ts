import type { RecordedEvent } from '../application/ports/event-store.js';
import type { CallRequested } from '../domain/call/call.js';
import { callIdOf, type LogEvent } from '../domain/events.js';
import { ERASED, erasedValue } from '../domain/privacy/personal-data.js';
import type { Place } from '../domain/shared/geo.js';
import type { Erasure, ReadModelDocument } from './projection.js';

const isRequest = (event: RecordedEvent): event is RecordedEvent<CallRequested> => event.type === 'CallRequested';

/**
 * A read model of one document per call (`keyOf`, `evolve` of its definition): the request makes
 * the document, every other event of the call is applied to it. The call stream is written before
 * any other stream of the call, so the request is always first in the log; an orphan event (a call
 * never requested) has nothing to update.
 */
export const perCall = <Doc extends ReadModelDocument, Event extends LogEvent>(
  created: (request: RecordedEvent<CallRequested>) => Doc,
  apply: (document: Doc, event: Event) => Doc,
) => ({
  keyOf: (event: RecordedEvent) => callIdOf(event),
  evolve: (document: Doc | null, event: RecordedEvent<CallRequested> | RecordedEvent<Event>): Doc | null => {
    if (isRequest(event)) return document ?? created(event);
    if (!document) return null;
    return { ...apply(document, event), position: event.position };
  },
});

/** What a call's document says of its two people: the passenger's id and places, the driver's id. */
type NamesRiders = ReadModelDocument & { passengerId: string; pickup: Place; destination: Place; driverId: string | null };

/**
 * How a document of one call forgets its passenger (their id, and their places, sealed with their
 * key) or its driver (their id), read as erased; `also` scrubs what else the model keeps of them.
 * Status, times and fares stay, so counts and books add up.
 */
export const forgetsRiders = <Doc extends NamesRiders>(also: (document: Doc, erasure: Erasure) => Doc = (document) => document) => ({
  forgets: { passenger: 'passengerId', driver: 'driverId' },
  personal: { passenger: ['pickup', 'destination'] },
  forget: (document: Doc, erasure: Erasure): Doc =>
    also(
      erasure.kind === 'passenger'
        ? { ...document, passengerId: ERASED, pickup: erasedValue(document.pickup) as Place, destination: erasedValue(document.destination) as Place }
        : { ...document, driverId: document.driverId && ERASED },
      erasure,
    ),
});
