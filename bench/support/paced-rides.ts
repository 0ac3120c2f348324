import { type ApiClient, seoul } from '../../tests/support/http-client.js';
import type { CommandName } from './autocannon-rides.js';
import { sleep, withDeadline } from './measure.js';

const REQUEST_DEADLINE_MS = 10_000;

export type PacedResult = { rides: number; skipped: number; failed: number; seconds: number; latencies: Record<CommandName, number[]> };

/**
 * Open-loop load at a fixed rate: a new ride starts every 1/ridesPerSecond s whatever the server
 * does (so a slow server meets a queue, as it would with real users), and runs request → accept →
 * start → finish one after the other with a free driver. Autocannon's own rate limit sends each
 * second's quota as one burst, which measures latency at full speed, not at the target rate.
 * Latency is measured around each call of the shared HTTP client (fetch), client time included.
 */
export const pacedRides = async (api: ApiClient, drivers: readonly string[], ridesPerSecond: number, seconds: number): Promise<PacedResult> => {
  const free = [...drivers];
  const latencies: Record<CommandName, number[]> = { request: [], accept: [], start: [], finish: [] };
  let skipped = 0;
  let failed = 0;
  let rides = 0;

  const timed = async (command: CommandName, send: () => Promise<{ status: number; body: any }>) => {
    const sent = performance.now();
    const answer = await withDeadline(send(), REQUEST_DEADLINE_MS, command);
    latencies[command].push(performance.now() - sent);
    if (answer.status >= 300) throw new Error(`${command} answered ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const ride = async (index: number, driverId: string) => {
    // A few passengers in turn: their tokens are minted once, not once per ride.
    const passengerId = `p-paced-${index % 16}`;
    const requested = await timed('request', () => api.post('/api/calls', { passengerId, pickup: seoul.station, destination: seoul.gangnam }));
    const callId = requested.body.callId as string;
    for (const step of ['accept', 'start', 'finish'] as const) await timed(step, () => api.post(`/api/calls/${callId}/${step}`, { driverId }));
    rides += 1;
  };

  const started = performance.now();
  const total = Math.floor(ridesPerSecond * seconds);
  const running: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / ridesPerSecond - performance.now();
    if (wait > 0.5) await sleep(wait);
    const driverId = free.pop();
    if (!driverId) {
      skipped += 1; // every driver busy: the server is not keeping up with the rate
      continue;
    }
    running.push(
      ride(i, driverId)
        .catch(() => {
          failed += 1;
        })
        .finally(() => free.push(driverId)),
    );
  }
  await Promise.all(running);
  return { rides, skipped, failed, seconds: (performance.now() - started) / 1000, latencies };
};

/** The same open-loop pacing for one GET path: the latency floor of this machine at a given rate. */
export const pacedGets = async (api: ApiClient, path: string, perSecond: number, seconds: number) => {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const running: Array<Promise<void>> = [];
  for (let i = 0; i < Math.floor(perSecond * seconds); i++) {
    const wait = started + (i * 1000) / perSecond - performance.now();
    if (wait > 0.5) await sleep(wait);
    const sent = performance.now();
    running.push(
      withDeadline(api.get(path), REQUEST_DEADLINE_MS, `GET ${path}`).then(
        (answer) => {
          latencies.push(performance.now() - sent);
          if (answer.status >= 300) failed += 1;
        },
        () => {
          failed += 1;
        },
      ),
    );
  }
  await Promise.all(running);
  return { latencies, failed };
};
