import { Fleet, type FleetOptions } from './fleet.js';
import type { Tally } from './tally.js';

/**
 * A fleet in a child process (`--processes N`): one Node process holds a few thousand driver
 * sockets well, twenty thousand not (one core, one event loop). The parent sends `start`, `stop`
 * and `offline`; the child answers with its tally, the offers its taxis saw and the calls they closed.
 */
export type ToWorker = { type: 'start'; options: FleetOptions } | { type: 'stop' } | { type: 'offline' };
export type FromWorker =
  | { type: 'tally'; tally: Tally }
  | { type: 'offers'; seen: Array<[callId: string, at: number]> }
  | { type: 'closed'; callIds: string[] }
  | { type: 'stopped'; tally: Tally }
  | { type: 'offline'; tally: Tally };

const send = (message: FromWorker) => process.send?.(message);
const stop = new AbortController();
let seen: Array<[string, number]> = [];
let closed: string[] = [];
let fleet: Fleet | null = null;

// Batched: one message a second instead of one per offer keeps the IPC channel quiet.
const flush = () => {
  if (seen.length > 0) send({ type: 'offers', seen });
  if (closed.length > 0) send({ type: 'closed', callIds: closed });
  seen = [];
  closed = [];
  if (fleet) send({ type: 'tally', tally: fleet.tally });
};
const flushing = setInterval(flush, 1_000);

process.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start':
      fleet = new Fleet(message.options, { offerSeen: (callId, at) => seen.push([callId, at]), callClosed: (callId) => closed.push(callId) });
      void fleet.drive(stop.signal);
      return;
    case 'stop':
      stop.abort();
      void fleet?.finishDriving().then(() => (flush(), send({ type: 'stopped', tally: fleet!.tally })));
      return;
    case 'offline':
      void fleet?.goOffline().then(() => {
        flush();
        clearInterval(flushing);
        // Disconnecting only once the last message is out, so the parent gets the final tally.
        process.send?.({ type: 'offline', tally: fleet!.tally } satisfies FromWorker, () => process.disconnect());
      });
      return;
    default: {
      const _exhaustive: never = message;
      return _exhaustive;
    }
  }
});
// The parent handles Ctrl-C (it stops the fleets in order); a child must not die on it first.
process.on('SIGINT', () => undefined);
// A parent that died without saying so (SIGKILL) leaves the channel closed: the fleet goes with it.
process.on('disconnect', () => process.exit(0));
