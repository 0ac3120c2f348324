import autocannon from 'autocannon';
import { seoul } from '../../tests/support/http-client.js';

/** Keep-alive connections, one request in flight on each (no pipelining); one driver per connection. */
export const CONNECTIONS = 16;
export const COMMANDS = ['request', 'accept', 'start', 'finish'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** One connection's actors for the ride under way: a passenger and a driver, each with a token. */
export type Crew = { driverId: string; driverToken: string; passengerId: string; passengerToken: string };
type RideContext = { crew?: Crew; callId?: string };
export type Lap = {
  seconds: number;
  ok: Record<CommandName, number>;
  failed: Record<CommandName, number>;
  latencies: Record<CommandName, number[]>;
  errors: number;
  statusCodes: string;
};

const headers = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });

/**
 * Full ride lifecycles under autocannon: every connection loops request → accept → start →
 * finish with its own driver, taken from a pool when a ride begins and given back when it ends.
 * A failed step gives the driver back and restarts the sequence; failures are counted.
 */
export const rideLifecycles = async (url: string, crews: readonly Crew[], seconds: number): Promise<Lap> => {
  const pool = [...crews];
  let answered: CommandName = 'request';
  const ok = { request: 0, accept: 0, start: 0, finish: 0 };
  const failed = { request: 0, accept: 0, start: 0, finish: 0 };
  const latencies: Record<CommandName, number[]> = { request: [], accept: [], start: [], finish: [] };

  const settle = (command: CommandName, status: number, context: RideContext, body?: string) => {
    answered = command;
    if (status >= 300 && process.env.BENCH_DEBUG) process.stderr.write(`${command} ${status} ${body}\n`);
    if (status >= 200 && status < 300) {
      ok[command] += 1;
      if (command === 'finish') give(context);
      return true;
    }
    failed[command] += 1;
    give(context);
    return false;
  };
  const give = (context: RideContext) => {
    if (context.crew) pool.push(context.crew);
    context.crew = undefined;
    context.callId = undefined;
  };
  const step = (command: Exclude<CommandName, 'request'>): autocannon.Request => ({
    method: 'POST',
    setupRequest: (request, raw) => {
      const context = raw as RideContext;
      if (!context.callId || !context.crew) return null as unknown as autocannon.Request; // restart the sequence
      const { driverId, driverToken } = context.crew;
      return { ...request, path: `/api/calls/${context.callId}/${command}`, headers: headers(driverToken), body: JSON.stringify({ driverId }) };
    },
    onResponse: (status, body, context) => void settle(command, status, context, body),
  });

  const options: autocannon.Options = {
    url,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, raw) => {
          const context = raw as RideContext;
          const crew = pool.pop()!;
          context.crew = crew;
          const body = { passengerId: crew.passengerId, pickup: seoul.station, destination: seoul.gangnam };
          return { ...request, path: '/api/calls', headers: headers(crew.passengerToken), body: JSON.stringify(body) };
        },
        onResponse: (status, body, raw) => {
          const context = raw as RideContext;
          if (settle('request', status, context, body)) context.callId = (JSON.parse(body) as { callId: string }).callId;
        },
      },
      step('accept'),
      step('start'),
      step('finish'),
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, done: autocannon.Result) =>
      error ? reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error })) : resolve(done),
    );
    // `onResponse` runs just before autocannon emits `response` for the same answer, so the
    // command it names is the one this latency belongs to.
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies[answered].push(responseTime));
  });
  const statusCodes = Object.entries((result as unknown as { statusCodeStats: Record<string, { count: number }> }).statusCodeStats ?? {})
    .map(([code, { count }]) => `${code}×${count}`)
    .join(' ');
  return { seconds: result.duration, ok, failed, latencies, errors: result.errors, statusCodes };
};
