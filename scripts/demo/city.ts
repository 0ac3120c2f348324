import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { DemoHttp } from './http.js';
import { type Point, randomPoint, stepToward, wander } from './geo.js';
import { type Tally, emptyTally, recordException, recordFailure, summaryLine } from './tally.js';

export type DemoOptions = {
  url: string;
  drivers: number;
  seconds: number;
  /** A new passenger calls a taxi this often. */
  requestEveryMs: number;
  /** One step of every taxi: a position ping, and a look at the call list when free. */
  tickMs: number;
  /** How far a taxi drives per tick (metres). */
  metersPerTick: number;
  /** How often the running summary is printed. */
  reportEveryMs: number;
  log: (line: string) => void;
  signal?: AbortSignal;
  /** Checked at each summary: ends the run early once true (a test waits for rides this way). */
  stopWhen?: (tally: Tally) => boolean;
};

type OpenCall = { callId: string; pickup: Point; destination: Point };
type Ride = { callId: string; pickup: Point; destination: Point; phase: 'to-pickup' | 'driving' };

const stopped = (signal: AbortSignal) => sleep(0).then(() => signal.aborted);
const pause = (ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal }).catch(() => undefined);

/** One simulated taxi: online, wandering, taking the nearest open call, driving it, finishing it. */
const driveTaxi = async (http: DemoHttp, index: number, options: DemoOptions, tally: Tally, signal: AbortSignal) => {
  const driverId = `demo-driver-${process.pid}-${index}`;
  const token = await http.token('driver', driverId);
  const registered = await http.send('POST', '/api/drivers', token, {
    name: `Demo ${index + 1}`,
    vehicleNo: `DEMO-${String(index + 1).padStart(4, '0')}`,
  });
  if (registered.status !== 201 && registered.code !== 'DRIVER_ALREADY_REGISTERED')
    recordFailure(tally, 'register', registered.status, registered.code);
  let at = randomPoint();
  const online = await http.send('POST', `/api/drivers/${driverId}/online`, token, { location: at });
  if (online.status !== 200) return recordFailure(tally, 'online', online.status, online.code);
  tally.driversOnline += 1;
  let ride: Ride | null = null;
  // Taxis start out of step, so the city's pings are spread over the tick.
  await pause(Math.random() * options.tickMs, signal);
  while (!(await stopped(signal))) {
    let reached = false;
    if (!ride) {
      at = wander(at, options.metersPerTick / 3);
      ride = await takeNearestCall(http, driverId, token, tally);
    } else {
      const target = ride.phase === 'to-pickup' ? ride.pickup : ride.destination;
      at = stepToward(at, target, options.metersPerTick);
      reached = at.lat === target.lat && at.lng === target.lng;
    }
    // The position first: the server starts a ride only with the taxi at the pickup.
    const ping = await http.send('PUT', `/api/drivers/${driverId}/location`, token, at);
    if (ping.status !== 200) recordFailure(tally, 'location', ping.status, ping.code);
    if (ride && reached) ride = await arrive(http, ride, token, tally);
    await pause(options.tickMs, signal);
  }
  await http.send('POST', `/api/drivers/${driverId}/offline`, token, {}).catch(() => undefined);
  tally.driversOnline -= 1;
};

const takeNearestCall = async (http: DemoHttp, driverId: string, token: string, tally: Tally): Promise<Ride | null> => {
  const list = await http.send<OpenCall[] | { items: OpenCall[] }>('GET', `/api/drivers/${driverId}/calls?limit=5`, token);
  if (list.status !== 200) return (recordFailure(tally, 'call list', list.status, list.code), null);
  const [nearest] = Array.isArray(list.body) ? list.body : list.body.items;
  if (!nearest) return null;
  const accepted = await http.send('POST', `/api/calls/${nearest.callId}/accept`, token, {});
  if (accepted.status !== 200) return (recordFailure(tally, 'accept', accepted.status, accepted.code), null);
  tally.accepted += 1;
  return { callId: nearest.callId, pickup: nearest.pickup, destination: nearest.destination, phase: 'to-pickup' };
};

const arrive = async (http: DemoHttp, ride: Ride, token: string, tally: Tally): Promise<Ride | null> => {
  if (ride.phase === 'to-pickup') {
    const started = await http.send('POST', `/api/calls/${ride.callId}/start`, token, {});
    if (started.status !== 200) return (recordFailure(tally, 'start', started.status, started.code), null);
    tally.started += 1;
    return { ...ride, phase: 'driving' };
  }
  const finished = await http.send<{ fare: { amount: number }; payment: { status: string } }>('POST', `/api/calls/${ride.callId}/finish`, token, {});
  if (finished.status !== 200) return (recordFailure(tally, 'finish', finished.status, finished.code), null);
  tally.finished += 1;
  tally.revenue += finished.body.fare.amount;
  if (finished.body.payment.status === 'APPROVED') tally.paid += 1;
  else tally.paymentPending += 1;
  return null;
};

/** Passengers calling from random places in central Seoul, one every `requestEveryMs`. */
const callTaxis = async (http: DemoHttp, options: DemoOptions, tally: Tally, signal: AbortSignal) => {
  for (let n = 0; !(await stopped(signal)); n += 1) {
    const passengerId = `demo-passenger-${process.pid}-${n}`;
    const token = await http.token('passenger', passengerId);
    const [pickup, destination] = [randomPoint(), randomPoint()];
    const answer = await http.send('POST', '/api/calls', token, {
      pickup: { ...pickup, address: `Demo pickup ${n + 1}` },
      destination: { ...destination, address: `Demo destination ${n + 1}` },
      rideType: 'STANDARD',
    });
    if (answer.status === 201) tally.requested += 1;
    else recordFailure(tally, 'request', answer.status, answer.code);
    await pause(options.requestEveryMs * (0.5 + Math.random()), signal);
  }
};

/**
 * A living city against a running server (AUTH_MODE=dev): taxis drive, passengers call, rides are
 * taken, finished and paid, until `seconds` pass or the signal stops it. Resolves with the tally.
 */
export const runDemo = async (options: DemoOptions): Promise<Tally> => {
  const http = new DemoHttp(options.url.replace(/\/$/, ''));
  const tally = emptyTally();
  const stop = new AbortController();
  // Every taxi waits on this one signal at once.
  setMaxListeners(options.drivers + 10, stop.signal);
  const timer = setTimeout(() => stop.abort(), options.seconds * 1000);
  const onOuterAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onOuterAbort);
  const begun = Date.now();
  const report = setInterval(() => {
    options.log(summaryLine(tally, (Date.now() - begun) / 1000));
    if (options.stopWhen?.(tally)) stop.abort();
  }, options.reportEveryMs);
  const guard = (what: string, task: Promise<unknown>) => task.catch((error: unknown) => recordException(tally, what, error));
  try {
    await Promise.all([
      ...Array.from({ length: options.drivers }, (_, index) => guard(`driver ${index}`, driveTaxi(http, index, options, tally, stop.signal))),
      guard('passengers', callTaxis(http, options, tally, stop.signal)),
    ]);
  } finally {
    clearTimeout(timer);
    clearInterval(report);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
  options.log(summaryLine(tally, (Date.now() - begun) / 1000));
  return tally;
};
