import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type EventData,
  type Position,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import {
  type EventMetadata,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  asRecordedEvent,
  WrongExpectedRevisionError,
} from '../../application/ports/event-store.js';

/*
 * Pure translations between the EventStore port and @eventstore/db-client 6.x.
 *
 * Positions. The port's global position is the event's commit position as a plain number.
 * Commit positions are byte offsets into EventStoreDB's transaction log, so 2^53 is ~9 PB of
 * log: far beyond any store this system will run, and `toGlobalPosition` refuses rather than
 * rounds should it ever happen.
 *
 * Exclusive reads. Every append through the gRPC API is written as prepare records flagged
 * `IsCommitted` (one per event; no separate commit record), and the server's AllReader gives
 * such an event the position `TFPos(prepare.LogPosition, prepare.LogPosition)`: commit and
 * prepare are equal, and each event of a multi-event append has its own position. A forward
 * read from `{commit: p, prepare: p}` includes the event at `p` (AllReader checks `>= pos`),
 * so the adapter asks for one event more and drops the one at `p`. A backward read from `p`
 * excludes it (it checks the record's post-position `<= pos`).
 * Sources: kurrent-io/KurrentDB src/EventStore.Core/Services/Storage/ReaderIndex/AllReader.cs
 * and StorageWriterService.WritePrepares; pyeventsourcing/esdbclient README ("when reading
 * forwards from a specific commit position, the event at the specified position will be
 * included"; it also sends prepare = commit); the client's own samples pass equal commit and
 * prepare. Only explicit transactions (TCP API of EventStore ≤ 5, not reachable from gRPC)
 * share a commit position between events; a database carrying such history is not supported.
 */

/** The server sent an event without a log position (stream reads carry one only after 22.6, i.e. from 22.10 LTS). */
export class MissingPositionError extends Error {
  override readonly name = 'MissingPositionError';
  constructor(readonly eventId: string) {
    super(`EventStoreDB returned event ${eventId} without a log position; stream reads need server 22.10 or later`);
  }
}

/** What older servers put in the position of an event read from a stream: -1, i.e. ulong max on the wire. */
const NO_POSITION = 2n ** 64n - 1n;

export const toEsdbExpectedRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      // -1 is the revision of a stream with no events (the command handler's empty fold).
      if (expected === -1) return NO_STREAM;
      if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`Invalid expected revision ${expected}`);
      return BigInt(expected);
  }
};

/** The port's conflict for the client's; every other failure passes through untouched. */
export const toPortError = (error: unknown, streamName: string, expected: ExpectedRevision): unknown => {
  if (!(error instanceof WrongExpectedVersionError)) return error;
  const actual = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : 'no_stream';
  return new WrongExpectedRevisionError(streamName, expected, actual);
};

export const isMissingStream = (error: unknown): boolean => error instanceof StreamNotFoundError;

export const toGlobalPosition = (commit: bigint): number => {
  if (commit < 0n || commit > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`Log position ${commit} does not fit a safe integer`);
  return Number(commit);
};

export const toReadPosition = (position: number): Position => ({ commit: BigInt(position), prepare: BigInt(position) });

export const positionOf = (event: Pick<EsdbRecordedEvent, 'id' | 'position'>): number => {
  const commit = event.position?.commit;
  if (commit === undefined || commit === NO_POSITION) throw new MissingPositionError(event.id);
  return toGlobalPosition(commit);
};

/** Server bookkeeping ($stats, $scavenges, projection links `$>`, stream metadata `$$…`). */
export const isSystemEvent = (event: { streamId: string; type: string }): boolean => event.type.startsWith('$') || event.streamId.startsWith('$');

/** This system writes JSON only; a binary event from another writer arrives as bytes in `data`. */
export const toRecordedEvent = (event: EsdbRecordedEvent): RecordedEvent =>
  asRecordedEvent({
    eventId: event.id,
    type: event.type,
    data: event.data as object,
    metadata: event.metadata as EventMetadata,
    streamName: event.streamId,
    revision: Number(event.revision),
    position: positionOf(event),
  });

/** The port's `eventId` becomes the ESDB event id: it must be a UUID, and it makes retried appends idempotent. */
export const toEventData = (event: NewEvent): EventData =>
  jsonEvent({ id: event.eventId, type: event.type, data: event.data as Record<string, unknown>, metadata: event.metadata });

/**
 * One forward page of $all as the port sees it: events strictly after `after`, system events
 * dropped. `lastPosition` is the last raw event's position, system or not, so the next page
 * starts past everything this one looked at.
 */
export const selectPage = (page: AllStreamResolvedEvent[], after: number): { events: RecordedEvent[]; lastPosition?: number } => {
  const events: RecordedEvent[] = [];
  let lastPosition: number | undefined;
  for (const { event } of page) {
    if (!event) continue;
    lastPosition = positionOf(event);
    if (lastPosition > after && !isSystemEvent(event)) events.push(toRecordedEvent(event));
  }
  return lastPosition === undefined ? { events } : { events, lastPosition };
};
