import { fork } from 'node:child_process';
import { Fleet, type FleetOptions } from './fleet.js';
import type { FromWorker, ToWorker } from './fleet-worker.js';
import type { FleetReport } from './taxi.js';
import { type Tally, emptyTally, recordException } from './tally.js';

/** A fleet as the run sees it, in this process or in a child: its tally, then stop, then offline. */
export type FleetHandle = { tally(): Tally; stop(): Promise<void>; offline(): Promise<void> };

export const localFleet = (options: FleetOptions, report: FleetReport): FleetHandle => {
  const fleet = new Fleet(options, report);
  const stop = new AbortController();
  void fleet.drive(stop.signal);
  return {
    tally: () => fleet.tally,
    stop: async () => {
      stop.abort();
      await fleet.finishDriving();
    },
    offline: () => fleet.goOffline(),
  };
};

export const workerFleet = (options: FleetOptions, report: FleetReport): FleetHandle => {
  const child = fork(new URL('./fleet-worker.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let tally = emptyTally();
  let exited = false;
  const waiters = new Map<string, () => void>();
  child.on('message', (message: FromWorker) => {
    if (message.type === 'offers') for (const [callId, at] of message.seen) report.offerSeen(callId, at);
    else if (message.type === 'closed') message.callIds.forEach((callId) => report.callClosed(callId));
    else tally = message.tally;
    waiters.get(message.type)?.();
  });
  child.on('exit', (code) => {
    exited = true;
    if (code !== 0) recordException(tally, `fleet process ${child.pid ?? ''}`, new Error(`exited with code ${code}`));
    waiters.forEach((wake) => wake());
  });
  const ask = (message: ToWorker, answer: FromWorker['type']) =>
    exited
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          waiters.set(answer, resolve);
          child.send(message);
        });
  child.send({ type: 'start', options } satisfies ToWorker);
  return { tally: () => tally, stop: () => ask({ type: 'stop' }, 'stopped'), offline: () => ask({ type: 'offline' }, 'offline') };
};
