import { callStream } from '../../domain/call/call.js';
import { dispatchStream } from '../../domain/dispatch/dispatch.js';
import { drivingStream } from '../../domain/driving/driving.js';
import { paymentIdFor, paymentStream } from '../../domain/payment/payment.js';
import type { ActorRole } from '../../domain/shared/actor.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import type { EventStore } from '../ports/event-store.js';
import { ErasureMask } from '../privacy/erasure-mask.js';

export type HistoryEntry = {
  position: number;
  stream: string;
  type: string;
  at: string;
  actor: { role: ActorRole; id: string };
  data: object;
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
  events.sort((a, b) => a.position - b.position);
  const mask = await ErasureMask.of(eventStore, events);
  return events
    .map((event) => mask.masked(event))
    .map(({ position, streamName, type, metadata, data }) => ({
      position,
      stream: streamName,
      type,
      at: metadata.timestamp,
      actor: { role: metadata.actor.role, id: metadata.actor.id },
      data,
    }));
};
