import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiClient, ApiResponse } from '../../support/http-client.js';
import { seoul } from '../../support/http-client.js';

/** An event that a 2xx answer promised is in the log: the command was acknowledged. */
export type Acknowledged = { stream: string; type: string; command: string };

export type RideStep = 'request' | 'accept' | 'start' | 'finish';

/** What each acknowledged step must have written, whatever happened to the process afterwards. */
const promised = (step: RideStep, callId: string, driverId: string): Array<Omit<Acknowledged, 'command'>> => {
  switch (step) {
    case 'request':
      return [{ stream: `call-${callId}`, type: 'CallRequested' }];
    case 'accept':
      return [
        { stream: `driver-${driverId}`, type: 'DriverAssigned' },
        { stream: `dispatch-${callId}`, type: 'DriverAccepted' },
      ];
    case 'start':
      return [
        { stream: `dispatch-${callId}`, type: 'DispatchCompleted' },
        { stream: `driving-${callId}`, type: 'RideStarted' },
      ];
    case 'finish':
      return [
        { stream: `driving-${callId}`, type: 'RideFinished' },
        { stream: `driver-${driverId}`, type: 'DriverReleased' },
        { stream: `payment-pay-${callId}`, type: 'PaymentRequested' },
      ];
  }
};

export type RideLoadOptions = {
  rides: number;
  lanes: number;
  /** The client of the server as it is now; it changes when the server is restarted on another port. */
  api: () => ApiClient;
  /** Resolves when the server answers again (immediately when it is up). */
  serverUp: () => Promise<void>;
  drivers: readonly string[];
  prefix: string;
  /** Called after every acknowledged step, with the count so far: the place to inject a fault. */
  onAcknowledged?: (count: number) => void;
  /** How long a lane keeps retrying one step before the load fails. */
  stepDeadlineMs?: number;
};

export type RideLoadResult = {
  callIds: string[];
  acknowledged: Acknowledged[];
  retries: number;
  failures: string[];
  answers: Map<string, number>;
  slowestStepMs: number;
};

/**
 * Whole rides over HTTP, `lanes` at a time, each lane a driver riding one call after the other.
 * A step that got no answer (the server died, the connection was cut) or a 5xx is retried until
 * it is acknowledged: requests carry an Idempotency-Key, and accept, start and finish by the same
 * driver are idempotent, so a retry never makes a second ride or a second charge. A 4xx is a
 * failure of the test: nothing here is invalid.
 */
export const runRides = async (options: RideLoadOptions): Promise<RideLoadResult> => {
  const { rides, lanes, drivers, prefix } = options;
  const acknowledged: Acknowledged[] = [];
  const callIds: string[] = [];
  const failures: string[] = [];
  const answers = new Map<string, number>();
  let retries = 0;
  let steps = 0;
  let slowestStepMs = 0;

  const attempt = async (step: RideStep, send: () => Promise<ApiResponse>): Promise<ApiResponse> => {
    const started = Date.now();
    const deadline = started + (options.stepDeadlineMs ?? 60_000);
    for (let tries = 0; ; tries++) {
      if (tries > 0) retries += 1;
      let answer: ApiResponse | undefined;
      try {
        await options.serverUp();
        answer = await send();
      } catch {
        // No answer: the command may or may not have been applied; only a retry can tell.
      }
      const key = `${step} ${answer ? answer.status : 'no answer'}`;
      answers.set(key, (answers.get(key) ?? 0) + 1);
      if (answer && answer.status < 300) {
        slowestStepMs = Math.max(slowestStepMs, Date.now() - started);
        return answer;
      }
      if (answer && answer.status < 500 && answer.status !== 429) throw new Error(`${step} answered ${answer.status} ${JSON.stringify(answer.body)}`);
      if (Date.now() > deadline) throw new Error(`${step} not acknowledged within the deadline (last: ${key})`);
      await sleep(50 + Math.random() * 100);
    }
  };

  const ride = async (index: number, driverId: string) => {
    const passengerId = `${prefix}-p-${index}`;
    const idempotencyKey = `${prefix}-ride-${index}`;
    const body = { passengerId, pickup: seoul.station, destination: seoul.gangnam };
    const requested = await attempt('request', () => options.api().post('/api/calls', body, { 'Idempotency-Key': idempotencyKey }));
    const callId = requested.body.callId as string;
    callIds.push(callId);
    const acknowledge = (step: RideStep) => {
      for (const event of promised(step, callId, driverId)) acknowledged.push({ ...event, command: `${step} ${callId}` });
      steps += 1;
      options.onAcknowledged?.(steps);
    };
    acknowledge('request');
    for (const step of ['accept', 'start', 'finish'] as const) {
      // A driver app pings as it goes; after a restart the server knows no position until it does,
      // and a ride starts only at its pickup: each try of a start pings there first.
      await attempt(step, async () => {
        if (step === 'start')
          await options.api().request('PUT', `/api/drivers/${driverId}/location`, { lat: seoul.station.lat, lng: seoul.station.lng });
        return options.api().post(`/api/calls/${callId}/${step}`, { driverId });
      });
      acknowledge(step);
    }
  };

  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      while (next < rides) {
        const index = next++;
        try {
          await ride(index, drivers[lane % drivers.length]!);
        } catch (error) {
          failures.push(`ride ${index}: ${(error as Error).message}`);
          return;
        }
      }
    }),
  );
  return { callIds, acknowledged, retries, failures, answers, slowestStepMs };
};
