import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { EventStore, RecordedEvent } from '../../../application/ports/event-store.js';
import { callStream } from '../../../domain/call/call.js';
import { dispatchStream } from '../../../domain/dispatch/dispatch.js';
import { drivingStream } from '../../../domain/driving/driving.js';
import { paymentIdFor, paymentStream } from '../../../domain/payment/payment.js';
import { ErasureMask } from '../../../application/privacy/erasure-mask.js';
import { DomainError } from '../../../domain/shared/domain-error.js';
import { type StatusChange, initialWatch, watchStatus } from '../../../projections/dashboard/status-changes.js';
import { requireCallReader } from '../authorization.js';
import { type LogTail, replayThenLive } from './log-tail.js';
import { TaxiPositionFeed } from './taxi-position-feed.js';
import type { DriverPositions } from '../../../application/ports/driver-positions.js';
import { type SseOptions, lastEventIdOf, openSse } from './sse.js';

export type CallEventRouteDependencies = {
  eventStore: EventStore;
  tail: LogTail;
  logger: Logger;
  sse: SseOptions;
  /** The taxi's last position, sent as `event: taxi` while DISPATCHED or DRIVING (at most once a second). */
  positions?: Pick<DriverPositions, 'positionOf'>;
};

/**
 * A call's history up to `head`: its events, in log order. The store has no index by correlation
 * id, but every event the dashboard reads about a call lives on one of the call's four streams
 * (named after the call id), so reading those is the correlation filter without a log scan.
 */
const callHistory = async (store: EventStore, callId: string): Promise<RecordedEvent[]> => {
  const streams = [callStream(callId), dispatchStream(callId), drivingStream(callId), paymentStream(paymentIdFor(callId))];
  const events = (await Promise.all(streams.map((stream) => store.readStream(stream)))).flat();
  return events.filter((event) => event.metadata.correlationId === callId).sort((a, b) => a.position - b.position);
};

const present = ({ position, status, paymentStatus, entry }: StatusChange) => {
  // The same shape as GET /api/calls/:callId answers.
  const { id: _id, ...call } = entry;
  return { callId: entry.callId, status, paymentStatus, position, call };
};

/**
 * The passenger's live status: one `event: status` per change of the dashboard entry's status or
 * payment status, in order, each once, with `id:` = the log position of the event that made it.
 * A reconnect with Last-Event-ID replays what changed after that position, then goes live. While
 * the call waits for a taxi, `event: search` counts the drivers it was offered to so far.
 */
export const streamCallEvents = async (req: Request, res: Response, callId: string, deps: CallEventRouteDependencies) => {
  const [requested] = await deps.eventStore.readStream(callStream(callId));
  if (requested?.type !== 'CallRequested') throw new DomainError('CALL_NOT_FOUND', `Call ${callId} does not exist`, { callId });
  requireCallReader(res, { callId, passengerId: requested.data.passengerId });
  const resumeAfter = lastEventIdOf(req) ?? 0;
  const sse = openSse(req, res, deps.sse);
  let watch = initialWatch();
  let offeredTo = 0;
  const positions = deps.positions;
  const taxi = positions ? new TaxiPositionFeed(positions, (position) => sse.send({ event: 'taxi', data: { callId, ...position } })) : null;
  if (taxi) sse.onClose(() => taxi.stop());
  // Built from the history, before any live event is handed on: the stream shows an erased
  // person as the dashboard does, however far back it replays.
  let mask: ErasureMask | undefined;
  const history = async () => {
    const events = await callHistory(deps.eventStore, callId);
    mask = await ErasureMask.of(deps.eventStore, events);
    return events;
  };
  const onEvent = (recorded: RecordedEvent) => {
    const event = mask?.follow(recorded, callId);
    if (!event) return;
    // Each offer goes to a driver not asked before: their count is the search's progress.
    if (event.type === 'CallOffered') {
      offeredTo += 1;
      if (event.position > resumeAfter) sse.send({ id: event.position, event: 'search', data: { callId, offeredTo, position: event.position } });
    }
    const folded = watchStatus(watch, event);
    watch = folded.watch;
    taxi?.follow(watch.entry);
    // Everything is folded (the status needs the whole history); only what is new is sent.
    if (folded.change && folded.change.position > resumeAfter)
      sse.send({ id: folded.change.position, event: 'status', data: present(folded.change) });
  };
  try {
    const unlisten = await replayThenLive(deps.tail, deps.eventStore, { history, onEvent });
    sse.onClose(unlisten);
  } catch (error) {
    deps.logger.warn({ err: error, callId }, 'call event stream failed');
    sse.close();
  }
};
