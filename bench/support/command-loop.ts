import { basename } from 'node:path';
import autocannon from 'autocannon';
import { seoul } from '../../tests/support/http-client.js';
import type { Crew } from './autocannon-rides.js';

/**
 * The load generator of the peer comparison, run in its own process (`node --import tsx
 * bench/support/command-loop.ts` with a JSON argument) so it never shares the server's cores'
 * event loop: every connection loops request → accept → cancel with its own passenger and
 * driver, and the run prints `{ commands, seconds, failed, p99 }` as JSON on stdout.
 */
export const LOOP = ['request', 'accept', 'cancel'] as const;
type Step = (typeof LOOP)[number];
type Context = { crew?: Crew; callId?: string };
export type LoopResult = { commands: number; seconds: number; failed: number; errors: number; latencies: Record<Step, number[]> };

const headers = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });

export const commandLoop = async (url: string, crews: readonly Crew[], seconds: number): Promise<LoopResult> => {
  const pool = [...crews];
  let answered: Step = 'request';
  let commands = 0;
  let failed = 0;
  const latencies: Record<Step, number[]> = { request: [], accept: [], cancel: [] };
  const settle = (step: Step, status: number, context: Context) => {
    answered = step;
    const ok = status >= 200 && status < 300;
    if (ok) commands += 1;
    else failed += 1;
    if (!ok || step === 'cancel') {
      if (context.crew) pool.push(context.crew);
      context.crew = undefined;
      context.callId = undefined;
    }
    return ok;
  };
  const later = (step: Exclude<Step, 'request'>): autocannon.Request => ({
    method: 'POST',
    setupRequest: (request, raw) => {
      const context = raw as Context;
      if (!context.callId || !context.crew) return null as unknown as autocannon.Request;
      const { driverId, driverToken, passengerToken } = context.crew;
      const token = step === 'accept' ? driverToken : passengerToken;
      return { ...request, path: `/api/calls/${context.callId}/${step}`, headers: headers(token), body: JSON.stringify({ driverId }) };
    },
    onResponse: (status, _body, context) => void settle(step, status, context),
  });
  const options: autocannon.Options = {
    url,
    connections: crews.length,
    pipelining: 1,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, raw) => {
          const context = raw as Context;
          const crew = pool.pop()!;
          context.crew = crew;
          const body = { passengerId: crew.passengerId, pickup: seoul.station, destination: seoul.gangnam };
          return { ...request, path: '/api/calls', headers: headers(crew.passengerToken), body: JSON.stringify(body) };
        },
        onResponse: (status, body, raw) => {
          const context = raw as Context;
          if (settle('request', status, context)) context.callId = (JSON.parse(body) as { callId: string }).callId;
        },
      },
      later('accept'),
      later('cancel'),
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, done: autocannon.Result) =>
      error ? reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error })) : resolve(done),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies[answered].push(responseTime));
  });
  return { commands, seconds: result.duration, failed, errors: result.errors, latencies };
};

if (basename(process.argv[1] ?? '') === 'command-loop.ts') {
  const { url, crews, seconds } = JSON.parse(process.argv[2]!) as { url: string; crews: Crew[]; seconds: number };
  process.stdout.write(JSON.stringify(await commandLoop(url, crews, seconds)));
}
