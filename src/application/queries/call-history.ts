import { callStream } from '../../domain/call/call.js';
import { dispatchStream } from '../../domain/dispatch/dispatch.js';
import { drivingStream } from '../../domain/driving/driving.js';
import { paymentIdFor, paymentStream } from '../../domain/payment/payment.js';
import type { ActorRole } from '../../domain/shared/actor.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import type { EventStore } from '../ports/event-store.js';

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
 * is short (a handful of events), so four stream reads answer it.
 */
export const callHistory = async (eventStore: Pick<EventStore, 'readStream'>, callId: string): Promise<HistoryEntry[]> => {
  const streams = [callStream(callId), dispatchStream(callId), drivingStream(callId), paymentStream(paymentIdFor(callId))];
  const events = (await Promise.all(streams.map((stream) => eventStore.readStream(stream)))).flat();
  if (events.length === 0 || !events.some((event) => event.streamName === streams[0])) {
    throw new DomainError('CALL_NOT_FOUND', `Call ${callId} does not exist`, { callId });
  }
  return events
    .sort((a, b) => a.position - b.position)
    .map((event) => ({
      position: event.position,
      stream: event.streamName,
      type: event.type,
      at: event.metadata.timestamp,
      actor: { role: event.metadata.actor.role, id: event.metadata.actor.id },
      data: event.data,
    }));
};
